"""Package the grader for hosted autograders: Gradescope and GitHub Classroom.

    python -m grader gradescope-bundle OUT.zip [--lang ru|en] [--strict]
        the autograder zip to upload to Gradescope: setup.sh installs the kit from the copy of
        its source inside the zip, run_autograder grades /autograder/submission into
        /autograder/results/results.json.

    python -m grader.bundle classroom-result results.json [--fail-under N]
        turn the grader's results.json into the "result" output that GitHub Classroom's
        reporter (classroom-resources/autograding-grading-reporter) reads; the workflow
        template grader/templates/classroom.yml uses it.

The scripts live in grader/templates/ and are copied as they are, so what Gradescope runs
can be read (and rehearsed: both scripts honour AUTOGRADER_ROOT) before it is uploaded.
"""
import argparse
import base64
import json
import sys
import zipfile
from pathlib import Path

from grader import rubric
from grader.sandbox import KIT_ROOT

TEMPLATES = Path(__file__).resolve().with_name("templates")
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
grader = ["checks/*.py", "checks/pytest.ini", "templates/*"]
"""

WORDS = {
    "ru": {"built": "Готово: {path} ({count} файлов). Загрузите его в Gradescope: Configure Autograder → Zip file upload.",
           "bad_out": "«{path}» должен оканчиваться на .zip: например, python -m grader gradescope-bundle chat-autograder.zip.",
           "failed": "Не удалось записать «{path}» ({error}): проверьте, что папка существует и доступна для записи."},
    "en": {"built": "Done: {path} ({count} files). Upload it to Gradescope: Configure Autograder → Zip file upload.",
           "bad_out": "\"{path}\" must end in .zip, e.g. python -m grader gradescope-bundle chat-autograder.zip.",
           "failed": "Could not write \"{path}\" ({error}): check that the folder exists and is writable."},
}


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


def grader_args(lang="ru", strict=False):
    """The options run_autograder passes to `python3 -m grader`."""
    args = ["--lang", lang]
    if strict:
        args.append("--strict")
    return " ".join(args)


def build(out, lang="ru", strict=False):
    """Write the Gradescope autograder zip to `out`; return the names it holds."""
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

        add("setup.sh", (TEMPLATES / "setup.sh").read_bytes(), EXECUTABLE)
        run = (TEMPLATES / "run_autograder").read_text(encoding="utf-8")
        add("run_autograder", run.replace("@GRADER_ARGS@", grader_args(lang, strict)).encode("utf-8"), EXECUTABLE)
        pyproject = KIT_ROOT / "pyproject.toml"
        add("pyproject.toml", pyproject.read_bytes() if pyproject.is_file()
            else FALLBACK_PYPROJECT.format(version=_version()).encode("utf-8"))
        readme = KIT_ROOT / "README.md"   # pyproject.toml names it; setuptools refuses to build without it
        add("README.md", readme.read_bytes() if readme.is_file() else b"# Chat lab kit\n")
        for name, path in _kit_files():
            add(name, path.read_bytes())
    temporary.replace(out)
    return names


# --- GitHub Classroom ----------------------------------------------------------------------------

def classroom_result(document, fail_under=None):
    """The runner result GitHub Classroom's reporter reads, made from a results.json document.

    The reporter adds up tests[].score and max_score and posts "Points X/Y". The final score
    is the better track's, so the tests listed are that track's checks: their points add up
    to the score. `status` is "fail" below --fail-under, which turns the check red.
    """
    if not document:
        return {"version": 1, "status": "error", "max_score": 100, "tests": [
            {"name": "chat", "status": "error", "score": 0, "line_no": 0, "test_code": "", "filename": "",
             "message": "results.json не найден: грейдер не смог проверить решение (см. журнал шага выше)"}]}
    score = document.get("score", 0)
    tracks = document.get("extra_data", {}).get("tracks", {})
    best = max(rubric.TRACKS, key=lambda track: (tracks.get(track, {}).get("score", 0), track == "tcp"))
    tests = []
    for test in document.get("tests", []):
        tags = test.get("tags", [])
        if len(tags) < 3 or tags[0] != best or tags[2] != "default":
            continue
        passed = test.get("status") == "passed"
        tests.append({"name": f"{test.get('number', '')} {test.get('name', '')}".strip(),
                      "status": "pass" if passed else "fail", "score": test.get("score", 0),
                      "message": (test.get("output") or "")[:2000], "line_no": 0, "test_code": "", "filename": ""})
    if sum(test["score"] for test in tests) != score:   # never report other points than the grader's
        tests = [{"name": "chat", "status": "pass" if score else "fail", "score": score,
                  "message": "", "line_no": 0, "test_code": "", "filename": ""}]
    failing = fail_under is not None and score < fail_under
    return {"version": 1, "status": "fail" if failing else "pass", "max_score": document.get("max_score", 100),
            "tests": tests}


def classroom_main(argv):
    p = argparse.ArgumentParser(prog="python -m grader.bundle classroom-result",
                                description="results.json -> the `result=` line for $GITHUB_OUTPUT")
    p.add_argument("results", help="the grader's results.json (python -m grader FOLDER --json results.json)")
    p.add_argument("--fail-under", type=float, metavar="N", help="report a failing status below N points")
    args = p.parse_args(argv)
    try:
        document = json.loads(Path(args.results).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        document = None
    encoded = base64.b64encode(json.dumps(classroom_result(document, args.fail_under),
                                          ensure_ascii=False).encode("utf-8")).decode("ascii")
    print(f"result={encoded}")
    return 0


# --- the command ---------------------------------------------------------------------------------

def parser():
    p = argparse.ArgumentParser(
        prog="python -m grader gradescope-bundle",
        description="Собрать zip автопроверки для Gradescope: setup.sh ставит набор, run_autograder проверяет "
                    "/autograder/submission и пишет /autograder/results/results.json. "
                    "Build a Gradescope autograder zip.")
    p.add_argument("out", metavar="OUT.zip", help="куда записать архив")
    p.add_argument("--lang", choices=("ru", "en"), default="ru", help="язык отчёта студентам (по умолчанию ru)")
    p.add_argument("--strict", action="store_true", help="проверять и строгий уровень (отдельный балл)")
    return p


def main(argv):
    args = parser().parse_args(argv)
    words = WORDS[args.lang]
    if not args.out.lower().endswith(".zip"):
        print(words["bad_out"].format(path=args.out), file=sys.stderr)
        return 2
    try:
        names = build(args.out, args.lang, args.strict)
    except OSError as error:
        print(words["failed"].format(path=args.out, error=error.strerror or error), file=sys.stderr)
        return 2
    print(words["built"].format(path=args.out, count=len(names)))
    return 0


if __name__ == "__main__":
    argv = sys.argv[1:]
    if argv[:1] == ["classroom-result"]:
        sys.exit(classroom_main(argv[1:]))
    sys.exit(main(argv))
