"""The corpus: submissions with a known score, graded by the real grader.

Each folder under tests/corpus/ is a submission with an expect.json:

    {"about": "...", "score": N, "tcp": N or null, "udp": N or null, "fail": [check ids],
     "lenient": {"score": N, "tcp": ..., "udp": ..., "fail": [...]}}

`tcp`/`udp` are the track scores (null: the track is not submitted) and `fail` is exactly
the set of default checks that must fail in the graded tracks, counting a check skipped
because its module failed to start in an earlier check. An optional `platforms`
(["linux", "win32"]: sys.platform prefixes) names the systems whose behaviour the folder
needs; elsewhere its test is skipped with the reason. An optional `slow_by_design` says why
a correct submission takes long to grade (benchmarks/corpus_speed.py then does not count it
against issue 19's 3x). The optional `lenient` holds the
same for grading with --lenient (grader/chat/lenient.py); such a folder is graded both ways.
Every other folder is graded with --lenient too, and must score no less than its default
grade: the lenient rules only ever add a way to pass. The whole corpus is graded once
per session, PARALLEL submissions at a time with one worker each (a grading mostly waits
on sockets and its child, so several share two cores; CHATKIT_CORPUS_JOBS=N chooses), and
each folder's test waits only for its own result, so the first ones are checked as soon
as they are done. A folder whose grade moved with the number graded at once would be a
grader bug (its waits end on causes, not on the clock), never a reason to grade fewer.
Under pytest-xdist this file runs whole in one process (`--dist loadfile`, tests/conftest.py).
"""
import json
import os
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from grader.engine import rubric
from grader.engine.runner import Options, grade

CORPUS = Path(__file__).resolve().with_name("corpus")
FOLDERS = sorted(p for p in CORPUS.iterdir() if (p / "expect.json").is_file())
LENIENT = [p for p in FOLDERS if "lenient" in json.loads((p / "expect.json").read_text(encoding="utf-8"))]
DEFAULT_IDS = {c.id for c in rubric.checks()}
PARALLEL = int(os.environ.get("CHATKIT_CORPUS_JOBS") or 4)
LENIENT_TESTS = ("test_corpus_submission_gets_its_expected_lenient_grade",
                 "test_lenient_rules_never_grade_lower_than_the_default")


def expectation(folder):
    return json.loads((folder / "expect.json").read_text(encoding="utf-8"))


def failed_ids(result):
    """Checks that failed, or were skipped because their module did not start (or could not be used)."""
    tracks = {t for t, state in result.tracks.items() if state["state"] == "graded"}
    return {record.id for record in result.checks
            if rubric.BY_ID[record.id].track in tracks and rubric.BY_ID[record.id].tier == "default"
            and (record.status == "failed" or (record.status == "skipped" and record.not_checked_after))}


@pytest.fixture(scope="module")
def corpus_results(request):
    """Start grading every folder a selected test asks for (`-k` picks fewer); return
    folder name (+ "+lenient") -> future Result."""
    wanted = set()
    for item in request.session.items:
        params = getattr(getattr(item, "callspec", None), "params", {})
        if isinstance(params.get("folder"), Path):
            lenient = item.originalname in LENIENT_TESTS
            wanted.add((params["folder"], lenient))
    pool = ThreadPoolExecutor(PARALLEL, thread_name_prefix="corpus")
    futures = {folder.name + ("+lenient" if lenient else ""):
               pool.submit(grade, folder, Options(lang="en", workers=1, lenient=lenient))
               for folder, lenient in sorted(wanted, key=lambda pair: (pair[0].name, pair[1]))}
    yield futures
    pool.shutdown(wait=True, cancel_futures=True)


def describe(result):
    lines = []
    for record in result.checks:
        if record.status != "passed":
            lines.append(f"  {record.id}: {record.status}: {record.reason[:300]}")
    return "\n".join(lines)


def skip_unless_it_runs_here(expected):
    platforms = expected.get("platforms")
    if platforms and not any(sys.platform.startswith(name) for name in platforms):
        pytest.skip(f"needs what only {', '.join(platforms)} do(es): {expected['about']}")


@pytest.mark.corpus   # the full lane only: pytest --full (tests/conftest.py)
@pytest.mark.parametrize("folder", FOLDERS, ids=[f.name for f in FOLDERS])
def test_corpus_submission_gets_its_expected_grade(folder, corpus_results):
    skip_unless_it_runs_here(expectation(folder))
    assert_grade(expectation(folder), folder.name, corpus_results[folder.name].result())


@pytest.mark.corpus   # the full lane only: pytest --full (tests/conftest.py)
@pytest.mark.parametrize("folder", LENIENT, ids=[f.name for f in LENIENT])
def test_corpus_submission_gets_its_expected_lenient_grade(folder, corpus_results):
    expected = dict(expectation(folder)["lenient"], about=expectation(folder)["about"] + " (--lenient)")
    assert_grade(expected, folder.name, corpus_results[folder.name + "+lenient"].result())


@pytest.mark.corpus   # the full lane only: pytest --full (tests/conftest.py)
@pytest.mark.parametrize("folder", FOLDERS, ids=[f.name for f in FOLDERS])
def test_lenient_rules_never_grade_lower_than_the_default(folder, corpus_results):
    """--lenient judges behaviour where the default rules want exact words: on any
    submission it may only ever give more. A folder with a lenient expectation says so in
    its expect.json (the lenient test asserts the grade itself); every other one is graded."""
    expected = expectation(folder)
    if "lenient" in expected:
        assert expected["lenient"]["score"] >= expected["score"], folder.name
        return
    result = corpus_results[folder.name + "+lenient"].result()
    assert result.score >= expected["score"], f"{folder.name}: --lenient {result.score} < {expected['score']}:\n{describe(result)}"


def assert_grade(expected, name, result):
    folder = CORPUS / name
    tracks = {track: (state["score"] if state["state"] == "graded" else None)
              for track, state in result.tracks.items()}
    errors = [r for r in result.checks if r.status == "error"]
    assert not errors, f"the grader itself failed on {folder.name}:\n{describe(result)}"
    got = {"score": result.score, "tcp": tracks["tcp"], "udp": tracks["udp"], "fail": sorted(failed_ids(result))}
    want = {key: expected[key] for key in ("score", "tcp", "udp")}
    want["fail"] = sorted(expected["fail"])
    assert got == want, f"{folder.name} ({expected['about']}):\n{describe(result)}"


def test_corpus_is_wide_enough():
    """At least 30 submissions; every default check is made to fail by some submission."""
    assert len(FOLDERS) >= 30
    expectations = [expectation(folder) for folder in FOLDERS]
    named = set()
    for folder, expected in zip(FOLDERS, expectations):
        assert expected["about"].strip(), folder.name
        assert set(expected["fail"]) <= DEFAULT_IDS, f"{folder.name}: unknown check ids"
        named.update(expected["fail"])
    assert DEFAULT_IDS - named == set(), "no corpus submission fails these checks"
    assert any(e["score"] == 100 and e["udp"] == 80 for e in expectations), "a correct TCP+UDP one"
    assert any(e["score"] == 80 and e["tcp"] is None for e in expectations), "a correct UDP-only one"
