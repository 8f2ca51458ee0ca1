"""The strict tier (--strict): the reference solutions pass all of it, the lecture style fails
it exactly where it keeps the lecture's traps, every failure explains itself, and the
default score never moves."""
import json
import subprocess
import sys
from pathlib import Path

from grader.engine import rubric
from grader.report.terminal import hint_of
from grader.engine.outcome import Outcome
from grader.engine.runner import STRICT_FILES, Options, grade, plan, score
from grader.messages import say

KIT = Path(__file__).resolve().parents[1]
SOLUTIONS = KIT / "solutions"
LECTURE = KIT / "tests" / "corpus" / "lecture_style"

# What the lecture style keeps on purpose (its docstrings say so) and the strict check that
# each of those traps must fail.
LECTURE_TRAPS = {
    "tcp.server.exact_lines": "no newline is added to anything sent",
    "tcp.server.two_in_one": "every recv(1024) is taken as one whole message",
    "tcp.server.split_message": "every recv(1024) is taken as one whole message",
    "tcp.server.long_line": "recv(1024) cuts a Cyrillic letter in half",
    "tcp.server.stuck_reader": "it sends in a loop while holding the lock",
    "tcp.server.restart": "it never sets SO_REUSEADDR",
    "tcp.client.exits_at_eof": "the receiving thread waits on after the input ends",
    "tcp.client.exits_when_server_closes": "the sending thread waits in input() after the server left",
}


def strict_ids():
    return {check.id for check in rubric.CHECKS if check.tier == "strict"}


def test_the_strict_tier_sums_like_the_default_one():
    for track, total in rubric.TRACK_MAX.items():
        assert sum(c.points for c in rubric.checks(track, tier="strict")) == total
    assert strict_ids() and not strict_ids() & {c.id for c in rubric.checks()}


def test_the_reference_solutions_pass_every_strict_check(tmp_path):
    out = tmp_path / "results.json"
    done = subprocess.run([sys.executable, "-m", "grader", str(SOLUTIONS), "--strict", "--json", str(out)],
                          cwd=KIT, capture_output=True, text=True, encoding="utf-8", timeout=180)
    assert done.returncode == 0, done.stdout + done.stderr
    document = json.loads(out.read_text(encoding="utf-8"))
    assert document["score"] == 100
    assert document["extra_data"]["strict"] == 100
    strict = [test for test in document["tests"] if "strict" in test["tags"]]
    present = {test["tags"][3] for test in strict
               if (SOLUTIONS / rubric.BY_ID[test["tags"][3]].module).exists()}
    assert present, "the solutions have no module the strict tier checks"
    failures = {test["tags"][3]: test["output"][:600] for test in strict
                if test["tags"][3] in present and test["status"] != "passed"}
    assert not failures, failures
    for track, info in document["extra_data"]["tracks"].items():
        if info["state"] == "graded":
            assert info["strict"] == rubric.TRACK_MAX[track]
    assert say("report.strict", "ru", score=100) in done.stdout


def test_the_lecture_style_keeps_its_score_and_fails_the_strict_checks_with_reasons():
    result = grade(LECTURE, Options(strict=True))
    assert result.score == 100 and not result.grader_fault
    assert result.strict_score < 100
    records = {record.id: record for record in result.checks if record.id in strict_ids()}
    failed = {check_id for check_id, record in records.items() if record.status == "failed"}
    assert set(LECTURE_TRAPS) <= failed, {i: LECTURE_TRAPS[i] for i in set(LECTURE_TRAPS) - failed}
    for check_id in failed:
        record = records[check_id]
        # A reason of its own, in words, not a bare timeout, and a hint that most often fixes it.
        assert record.reason and record.reason != "timeout", (check_id, record.reason)
        assert hint_of(record, "ru"), check_id
        assert record.events, check_id
    passed = sum(rubric.BY_ID[i].points for i, record in records.items() if record.status == "passed")
    assert result.strict_score == passed


def test_strict_checks_run_only_with_strict_and_never_move_the_default_score():
    strict_files = set(STRICT_FILES["tcp"] + STRICT_FILES["udp"])
    assert not strict_files & {name for shard in plan(LECTURE, Options()) for name in shard}
    assert set(STRICT_FILES["tcp"]) <= {name for shard in plan(LECTURE, Options(strict=True)) for name in shard}

    def outcome(default, strict):
        checks = [Outcome(c.id, default if c.tier == "default" else strict)
                  for c in rubric.CHECKS if c.track == "tcp"]
        return score(LECTURE, checks, Options(strict=True), 0.0)

    assert (outcome("passed", "failed").score, outcome("passed", "failed").strict_score) == (100, 0)
    assert (outcome("passed", "passed").score, outcome("passed", "passed").strict_score) == (100, 100)
    assert (outcome("failed", "passed").score, outcome("failed", "passed").strict_score) == (0, 100)
    assert score(LECTURE, [], Options(), 0.0).strict_score is None


def test_assignment_md_shows_the_strict_rubric_exactly_as_the_grader_scores_it():
    text = (KIT / "assignment.md").read_text(encoding="utf-8")
    for lang in ("ru", "en"):
        start, end = f"<!-- rubric:strict:{lang} -->", f"<!-- /rubric:strict:{lang} -->"
        assert start in text and end in text
        shown = text.split(start, 1)[1].split(end, 1)[0].strip()
        assert shown == rubric.markdown(lang, "strict").strip()
