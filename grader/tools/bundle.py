"""Package the grader for hosted autograders: Gradescope and GitHub Classroom.

    python -m grader gradescope-bundle OUT.zip [--lang ru|en] [--strict] [--leaderboard]
                                       [--visibility V] [--stdout-visibility V] [--strict-visibility V]
        the autograder zip to upload to Gradescope: setup.sh installs the kit from the copy of
        its source inside the zip, run_autograder grades /autograder/submission into
        /autograder/results/results.json.

    python -m grader classroom-result results.json [--fail-under N]
        turn the grader's results.json into the `earned=` and `missed=` outputs that GitHub
        Classroom's reporter (classroom-resources/autograding-grading-reporter) reads as two
        runners; the workflow template grader/templates/classroom.yml uses it.

The scripts live in grader/templates/ and are copied as they are (with LF line ends, also
from a clone that Git checked out with CRLF on Windows), so what Gradescope runs can be read
(and rehearsed: both scripts honour AUTOGRADER_ROOT) before it is uploaded.
"""
import argparse
import base64
import json
import sys
import zipfile
from pathlib import Path

from grader import KIT_ROOT
from grader.messages import DEFAULT_LANGUAGE, LANGUAGES, say

TEMPLATES = KIT_ROOT / "grader" / "templates"
PACKAGES = ("chatkit", "grader")            # what the autograder needs; lab/ and solutions/ stay out
SKIP = {"__pycache__", ".pytest_cache"}
SKIP_SUFFIXES = {".pyc", ".pyo"}
EXECUTABLE = 0o100755 << 16                 # a regular file with rwxr-xr-x, as zip stores it
REGULAR = 0o100644 << 16

FALLBACK_PYPROJECT = """[build-system]
requires = ["setuptools>=61"]
build-backend = "setuptools.build_meta"

[project]
name = "chat-lab-kit"
version = "{version}"
requires-python = ">=3.10"
dependencies = ["psutil>=5.9", "pytest>=8.0", "pytest-timeout>=2.2", "rich>=13.7"]

[tool.setuptools.packages.find]
include = ["chatkit*", "grader*"]

[tool.setuptools.package-data]
grader = ["checks/*.py", "checks/pytest.ini", "templates/*", "sandbox/*.py", "engine/*.py"]
"""

def lf(data):
    """A script's bytes with LF line ends: bash reads "set -o pipefail\\r" as an invalid option."""
    return data.replace(b"\r\n", b"\n")


def _kit_files():
    """(path inside the zip, path on disk) for the kit's source."""
    for package in PACKAGES:
        for path in sorted((KIT_ROOT / package).rglob("*")):
            relative = path.relative_to(KIT_ROOT)
            if path.is_dir() or any(part in SKIP for part in relative.parts) or path.suffix in SKIP_SUFFIXES:
                continue
            yield relative.as_posix(), path


def _version():
    try:
        from importlib.metadata import version
        return version("chat-lab-kit")
    except Exception:
        return "0.0.0"


PROTOCOL_NAME = "course_protocol.toml"   # a --protocol file, beside the kit in the zip (run_autograder runs there)


def grader_args(lang="ru", strict=False, visibility=None, stdout_visibility=None, strict_visibility=None,
                lenient=False, protocol=False):
    """The options run_autograder passes to `python3 -m grader`."""
    args = ["--lang", lang]
    if strict:
        args.append("--strict")
    if lenient:
        args.append("--lenient")
    if protocol:
        args += ["--protocol", PROTOCOL_NAME]
    for option, value in (("--visibility", visibility), ("--stdout-visibility", stdout_visibility),
                          ("--strict-visibility", strict_visibility)):
        if value:
            args += [option, value]
    return " ".join(args)


def build(out, lang="ru", strict=False, leaderboard=False, lenient=False, protocol=None, **visibility):
    """Write the Gradescope autograder zip to `out`; return the names it holds.
    `visibility`: visibility, stdout_visibility, strict_visibility (Gradescope's values);
    `protocol`: the path of a course's protocol file (already checked), copied into the zip."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    names = []
    temporary = out.with_name(f".{out.name}.part")
    with zipfile.ZipFile(temporary, "w", zipfile.ZIP_DEFLATED) as archive:
        def add(name, data, mode=REGULAR):
            info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))  # the same kit, the same zip
            info.external_attr = mode
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
            names.append(name)

        add("setup.sh", lf((TEMPLATES / "setup.sh").read_bytes()), EXECUTABLE)
        run = lf((TEMPLATES / "run_autograder").read_bytes()).decode("utf-8")
        run = run.replace("@GRADER_ARGS@", grader_args(lang, strict, lenient=lenient, protocol=bool(protocol),
                                                       **visibility))
        if protocol:
            add(PROTOCOL_NAME, Path(protocol).read_bytes())
        run = run.replace("@LEADERBOARD@", "1" if leaderboard else "0")
        add("run_autograder", run.encode("utf-8"), EXECUTABLE)
        pyproject = KIT_ROOT / "pyproject.toml"
        add("pyproject.toml", pyproject.read_bytes() if pyproject.is_file()
            else FALLBACK_PYPROJECT.format(version=_version()).encode("utf-8"))
        readme = KIT_ROOT / "README.md"   # pyproject.toml names it; setuptools refuses to build without it
        add("README.md", readme.read_bytes() if readme.is_file() else b"# Chat lab kit\n")
        for name, path in _kit_files():
            data = path.read_bytes()
            add(name, lf(data) if name.startswith("grader/templates/") else data)
    temporary.replace(out)
    return names


# --- GitHub Classroom ----------------------------------------------------------------------------

RUNNERS = ("earned", "missed")   # the `runners:` of grader/templates/classroom.yml, in order


def _classroom_test(name, status, score=0, message=""):
    return {"name": name, "status": status, "score": score, "message": message[:2000],
            "line_no": 0, "test_code": "", "filename": ""}


def _no_results(lang):
    """The runners when there is no results.json: an error that says so."""
    error = _classroom_test("chat", "error", message=say("classroom.no_results", lang))
    return {"earned": {"version": 1, "status": "error", "max_score": 0,
                       "tests": [_classroom_test("—", "pass")]},
            "missed": {"version": 1, "status": "error", "max_score": 100, "tests": [error]}}


def _earned_and_missed(document):
    """The checks worth points, as the two runners' tests: passed ones with their points, the
    others with 0 and their output (an "error" tag stays an error)."""
    earned, missed = [], []
    for test in document.get("tests", []):
        name = f"{test.get('number', '')} {test.get('name', '')}".strip()
        if not test.get("max_score"):
            continue                     # untaken track, the other track, the strict tier: no points here
        if test.get("status") == "passed" and test.get("score"):
            earned.append(_classroom_test(name, "pass", test["score"]))
        else:
            status = "error" if "error" in test.get("tags", []) else "fail"
            missed.append(_classroom_test(name, status, 0, test.get("output") or ""))
    return earned, missed


def _tests_tell_the_score(earned, missed, score, total):
    """The tests add up to the grader's score, and points lost have a test that shows it."""
    return sum(test["score"] for test in earned) == score and not (score < total and not missed)


def _runner(status, max_score, tests, empty):
    """One runner's result; a runner without tests gets the single test `empty` (never NaN)."""
    return {"version": 1, "status": status, "max_score": max_score, "tests": tests or [empty]}


def classroom_result(document, fail_under=None, lang=None):
    """The two runner results GitHub Classroom's reporter reads, made from a results.json document.

    The reporter (classroom-resources/autograding-grading-reporter) computes the points twice:
    its notice to Classroom sums tests[].score over max_score, while its log table shows
    passed/len(tests) x max_score. Both agree for every score only when, inside a runner,
    every test is worth the same. So the points go out in two runners: "earned" lists the
    passed checks of the counted track (all pass; max_score = the score), "missed" lists
    every check that lost points (all score 0; max_score = 100 - the score). Notice and
    table then both read score/100. A runner with no test would print NaN, so an empty one
    gets a single line worth nothing. `status` is "fail" below --fail-under. `lang` (the
    workflow's REPORT_LANG) is used where results.json does not say its language.
    """
    lang = lang if lang in LANGUAGES else DEFAULT_LANGUAGE
    if not document:
        return _no_results(lang)
    score = document.get("score", 0) or 0
    total = document.get("max_score", 100) or 100
    lang = document.get("extra_data", {}).get("lang") or lang
    lang = lang if lang in LANGUAGES else DEFAULT_LANGUAGE
    earned, missed = _earned_and_missed(document)
    # Never report other points than the grader's, nor "all points earned" for points lost
    # without a test to show it (0 points and no tests: a submission with nothing to grade).
    if not _tests_tell_the_score(earned, missed, score, total):
        earned = [_classroom_test("chat", "pass", score)] if score else []
        missed = [_classroom_test("chat", "fail", 0, document.get("output") or "")] if score < total else []
    status = "fail" if fail_under is not None and score < fail_under else "pass"
    return {"earned": _runner(status, score, earned, _classroom_test(say("classroom.none_earned", lang), "fail")),
            "missed": _runner(status, total - score, missed, _classroom_test(say("classroom.none_missed", lang), "pass"))}


def classroom_main(argv):
    p = argparse.ArgumentParser(prog="python -m grader classroom-result",
                                description="results.json -> the `earned=` and `missed=` lines for $GITHUB_OUTPUT")
    p.add_argument("results", help="the grader's results.json (python -m grader FOLDER --json results.json)")
    p.add_argument("--fail-under", type=float, metavar="N", help="report a failing status below N points")
    p.add_argument("--lang", choices=LANGUAGES, default=DEFAULT_LANGUAGE,
                   help="the language of the sentence when results.json is missing")
    args = p.parse_args(argv)
    try:
        document = json.loads(Path(args.results).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        document = None
    for runner, result in classroom_result(document, args.fail_under, args.lang).items():
        encoded = base64.b64encode(json.dumps(result, ensure_ascii=False).encode("utf-8")).decode("ascii")
        print(f"{runner}={encoded}")
    return 0


# --- the command ---------------------------------------------------------------------------------

def parser():
    def text(key):
        return say(f"bundle.help.{key}", "ru")

    p = argparse.ArgumentParser(prog="python -m grader gradescope-bundle", description=text("description"))
    p.add_argument("out", metavar="OUT.zip", help=text("out"))
    p.add_argument("--lang", choices=("ru", "en"), default="ru", help=text("lang"))
    p.add_argument("--strict", action="store_true", help=text("strict"))
    visibilities = ("hidden", "after_due_date", "after_published", "visible")
    p.add_argument("--visibility", choices=visibilities, help=text("visibility"))
    p.add_argument("--stdout-visibility", choices=visibilities, help=text("stdout_visibility"))
    p.add_argument("--strict-visibility", choices=visibilities, help=text("strict_visibility"))
    p.add_argument("--leaderboard", action="store_true", help=text("leaderboard"))
    p.add_argument("--lenient", action="store_true", help=say("cli.help.lenient", "ru"))
    p.add_argument("--protocol", metavar="FILE", help=say("cli.help.protocol", "ru"))
    return p


def main(argv):
    args = parser().parse_args(argv)
    if not args.out.lower().endswith(".zip"):
        print(say("bundle.bad_out", args.lang, path=args.out), file=sys.stderr)
        return 2
    if args.protocol:
        from grader.chat.lenient import Protocol, ProtocolError
        try:
            Protocol.from_toml(args.protocol, args.lang)   # a bad file is told now, not at every submission
        except ProtocolError as error:
            print(error, file=sys.stderr)
            return 2
    try:
        names = build(args.out, args.lang, args.strict, args.leaderboard, lenient=args.lenient,
                      protocol=args.protocol, visibility=args.visibility,
                      stdout_visibility=args.stdout_visibility, strict_visibility=args.strict_visibility)
    except OSError as error:
        print(say("bundle.failed", args.lang, path=args.out, error=error.strerror or error), file=sys.stderr)
        return 2
    print(say("bundle.built", args.lang, path=args.out, count=len(names)))
    return 0


if __name__ == "__main__":
    argv = sys.argv[1:]
    if argv[:1] == ["classroom-result"]:
        sys.exit(classroom_main(argv[1:]))
    sys.exit(main(argv))
