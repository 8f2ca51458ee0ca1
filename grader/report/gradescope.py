"""Gradescope's results.json, written the way its autograder specification reads it.


What the specification (gradescope-autograders.readthedocs.io, "Autograder Specifications")
gives us and how it is used here:

- `output_format` / per-test `output_format`: "md". The default, simple_format, turns
  newlines into <br> and collapses runs of spaces, so the report's table lost its columns
  and a student's `<...>` was sanitised away. The report goes in a fenced text block.
- `visibility` (top level and per test) and `stdout_visibility`: hidden, after_due_date,
  after_published or visible; `gradescope-bundle` passes the instructor's choice.
- `score` at the top level overrides the sum of the tests; still, the per-test `max_score`s
  add up to the grade's total, 100: the counted track's checks carry their points (a UDP
  submission gets one more line, "the UDP track is worth at most 80", for the other 20);
  checks of the other track and of the strict tier are listed with max_score 0, so no
  points show that do not count.
- An untaken track is one neutral line (no score, no status), never a column of red 0/max
  rows; a grader fault says it is one and asks for a regrade.
- `leaderboard`: [{"name", "value", "order"}], from a short bench run.

`ProgressWriter` writes results.json before the first check and again as results arrive,
so a run that Gradescope kills at its time limit still shows what was graded.
"""
import json
import math
import os
import sys
import time
from pathlib import Path

from grader.engine import rubric
from grader.messages import say
from grader.engine.submission import shown_path
from grader.report.terminal import failure_panel, not_submitted, number_of, plain, protection_text, reason_of, render

VISIBILITIES = ("hidden", "after_due_date", "after_published", "visible")
MAX_SCORE = 100


def fenced(text, info="text"):
    """`text` as a Markdown fenced block whose fence no run of backticks inside can close."""
    longest, run = 0, 0
    for char in text:
        run = run + 1 if char == "`" else 0
        longest = max(longest, run)
    fence = "`" * max(3, longest + 1)
    return f"{fence}{info}\n{text.rstrip()}\n{fence}\n"


def counted_track(result):
    """The track whose score is the grade: the better one, a graded one before an untaken one, TCP on a tie."""
    return max(rubric.TRACKS, key=lambda track: (result.tracks[track]["score"],
                                                 result.tracks[track]["state"] == "graded", track == "tcp"))


def _check_output(record, lang, wrap=fenced):
    if record.status == "passed" and not record.events:
        return ""
    if record.events or record.status in ("error", "failed"):
        return wrap(plain(lambda console: console.print(failure_panel(record, lang))))
    return wrap(reason_of(record, lang))


def _test(name, number, tags, output="", score=None, max_score=None, status=None, visibility=None):
    test = {"name": name, "number": number, "output": output, "output_format": "md", "tags": list(tags)}
    if score is not None:
        test["score"] = score
        test["max_score"] = max_score
    if status:
        test["status"] = status
    if visibility:
        test["visibility"] = visibility
    return test


def _untaken_test(track, position, info, counts, lang):
    """A track that was not graded: one line, the one that holds the 100 points when nothing was
    graded at all (the counted track), else worth nothing."""
    state = say(f"gradescope.state.{info['state']}", lang)
    if counts:
        return _test(say("gradescope.nothing.name", lang), f"{position}", [track, "untaken"],
                     say("gradescope.nothing.output", lang), 0, MAX_SCORE, "failed")
    return _test(say("gradescope.untaken.name", lang, track=track.upper(), state=state),
                 f"{position}", [track, "untaken"],
                 say("gradescope.untaken.output", lang, track=track.upper(), max=info["max"]))


def _module_missing(result, records, entries, module):
    """Every check of a part was skipped because its module was not handed in."""
    return bool(entries) and all(records[c.id].status == "skipped" for c in entries) and not_submitted(result, module)


def _part_tests(result, records, track, role, counts, counted, lang, wrap):
    """A part's tests: one line for a module not handed in, else one per check."""
    entries = [c for c in rubric.checks(track, role) if c.id in records]
    module = rubric.MODULES[(track, role)]
    if _module_missing(result, records, entries, module):
        points = sum(c.points for c in entries)
        return [_test(say("gradescope.module_missing.name", lang, module=module),
                      number_of(entries[0].id), [track, role, "default", "module-missing"],
                      wrap(records[entries[0].id].reason or ""),
                      0, points if counts else 0, "failed")]
    return [_check_test(entry, records[entry.id], lang, counts, counted, wrap=wrap) for entry in entries]


def _cap_test(track, position, info, lang):
    """The points a track cannot earn (UDP's 80 of 100), as a failed line of their own."""
    return _test(say("gradescope.cap.name", lang, track=track.upper(), max=info["max"]),
                 f"{position}.99", [track, "cap"],
                 say("gradescope.cap.output", lang, track=track.upper(), max=info["max"]),
                 0, MAX_SCORE - info["max"], "failed")


def _strict_tests(records, counted, lang, strict_visibility, wrap):
    """The strict tier's checks, worth no points, with their own visibility when one is given."""
    tests = []
    for entry in rubric.CHECKS:
        if entry.tier == "strict" and entry.id in records:
            test = _check_test(entry, records[entry.id], lang, False, counted, strict=True, wrap=wrap)
            if strict_visibility:
                test["visibility"] = strict_visibility
            tests.append(test)
    return tests


def gradescope_tests(result, lang, strict_visibility=None, wrap=fenced):
    """The tests[] list: per-test max_scores add up to MAX_SCORE. `wrap` formats a block of
    report text (a Markdown fence for Gradescope; PrairieLearn takes it as it is)."""
    counted = counted_track(result)
    records = result.by_id()
    tests = []
    for position, track in enumerate(rubric.TRACKS, start=1):
        info = result.tracks[track]
        counts = track == counted
        if info["state"] != "graded":
            tests.append(_untaken_test(track, position, info, counts, lang))
            continue
        for role in rubric.ROLES:
            tests += _part_tests(result, records, track, role, counts, counted, lang, wrap)
        if counts and info["max"] < MAX_SCORE:
            tests.append(_cap_test(track, position, info, lang))
    return tests + _strict_tests(records, counted, lang, strict_visibility, wrap)


def _check_test(entry, record, lang, counts, counted, strict=False, wrap=fenced):
    status = record.status
    tags = [entry.track, entry.role, entry.tier, entry.id, status]
    name = entry.text(lang)
    output = _check_output(record, lang, wrap)
    if status == "error":
        name = say("gradescope.fault.name", lang, name=name)
        output = say("gradescope.fault.output", lang) + "\n\n" + output
    elif strict:
        name = say("gradescope.strict.name", lang, name=name)
    elif not counts:
        name = say("gradescope.not_counted.name", lang, name=name, track=counted.upper())
    points = record.points
    return _test(name, number_of(entry.id), tags, output, points if counts else 0,
                 entry.points if counts else 0, "passed" if status == "passed" else "failed")


def banner(result, lang, partial=False):
    """Markdown lines above the report: what the student must know first."""
    lines = []
    if partial:
        lines.append(say("gradescope.partial", lang))
    faults = [number_of(r.id) for r in result.checks if r.status == "error"]
    if faults and not partial:
        lines.append(say("gradescope.fault.banner", lang, numbers=", ".join(faults)))
    return "".join(f"**{line}**\n\n" for line in lines)


def to_gradescope(result, lang="ru", visibility=None, stdout_visibility=None, strict_visibility=None,
                  leaderboard=None, partial=False):
    """Build the results.json document."""
    report = plain(lambda console: render(result, console, lang, feedback=True))
    document = {
        "score": result.score,
        # No top-level max_score: the specification has none (the tests' max_scores add up to
        # the total); execution_time is whole seconds, as in its example.
        "execution_time": math.ceil(result.execution_time),
        "output": banner(result, lang, partial) + fenced(report),
        "output_format": "md",
        "test_output_format": "md",
        "extra_data": {
            "tcp": result.tracks["tcp"]["score"],
            "udp": result.tracks["udp"]["score"],
            "tracks": result.tracks,
            "counted": counted_track(result),
            "strict": result.strict_score,
            "grader_fault": result.grader_fault,
            "partial": partial,
            "lang": lang,
            "folder": shown_path(result.folder),   # what was given, not the grader's private copy
            "sandbox": result.sandbox,
            "protection": protection_text(result, lang),   # the paragraph a student's report leaves to -v
            "confinement": getattr(result, "confinement", None),
            "roles": result.roles,
            "hints": dict(getattr(result, "hints", None) or {}),   # check id -> deepest hint level reached
            "lenient": bool(getattr(result.options, "lenient", False)),
            "protocol": getattr(result.options, "protocol", None),
        },
        "tests": gradescope_tests(result, lang, strict_visibility),
    }
    if visibility:
        document["visibility"] = visibility
    if stdout_visibility:
        document["stdout_visibility"] = stdout_visibility
    if leaderboard:
        document["leaderboard"] = leaderboard
    return document


# --- written early, updated as results arrive ----------------------------------------------------

class ProgressWriter:
    """Keeps results.json current while grading runs: first with nothing graded, then every
    `interval` seconds as results arrive. It writes the partial Results the runner hands it
    (grader.engine.runner.grade's on_progress, pending_result()): a check not yet reported
    shows as not graded (a grader fault: the student is asked to request a regrade), never as
    the student's failure."""

    def __init__(self, path, lang="ru", interval=2.0, **settings):
        self.path, self.lang = path, lang
        self.interval, self.settings = interval, settings
        self.last = 0.0

    def on_progress(self, pending):
        """grade()'s on_progress: pending() builds the partial Result, only when one is written."""
        if time.monotonic() - self.last >= self.interval:
            self.write(pending())

    def write(self, result):
        from grader.report.jsonfile import write_json
        try:
            write_json(to_gradescope(result, self.lang, partial=True, **self.settings), self.path)
        except OSError:
            pass   # the final write will say what went wrong
        self.last = time.monotonic()


# --- the container's CPUs and the leaderboard -----------------------------------------------------

def available_cpus(root="/sys/fs/cgroup"):
    """CPUs this process may really use: the affinity mask, cut by the cgroup's CPU quota
    (cgroup v2 cpu.max, or v1 cpu.cfs_quota_us / cpu.cfs_period_us). At least 1."""
    try:
        count = len(getattr(os, "sched_getaffinity")(0))  # Linux only: mypy for macOS/Windows agrees
    except (AttributeError, OSError):
        count = os.cpu_count() or 1
    quota = None
    try:
        text = Path(root, "cpu.max").read_text().split()
        if text and text[0] != "max":
            quota = int(text[0]) / int(text[1])
    except (OSError, ValueError, IndexError, ZeroDivisionError):
        try:
            limit = int(Path(root, "cpu", "cpu.cfs_quota_us").read_text())
            period = int(Path(root, "cpu", "cpu.cfs_period_us").read_text())
            if limit > 0 and period > 0:
                quota = limit / period
        except (OSError, ValueError):
            pass
    if quota is not None:
        count = min(count, max(1, math.floor(quota)))
    return max(1, count)


def leaderboard_from_bench(path):
    """Gradescope leaderboard entries from `python -m grader bench --json` output, or []."""
    try:
        report = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    runs = [run for run in report.get("runs", []) if run.get("ending") != "error"
            and run.get("deliveries_per_s") is not None]
    if not runs:
        return []
    run = runs[0]
    entries = [{"name": "deliveries/s", "value": round(float(run["deliveries_per_s"]), 1), "order": "desc"}]
    p99 = (run.get("latency_ms") or {}).get("p99")
    if p99 is not None:
        entries.append({"name": "p99 latency, ms", "value": round(float(p99), 2), "order": "asc"})
    return entries


def main(argv):
    """`python -m grader.report.gradescope cpus`: the worker count run_autograder passes to --jobs."""
    if argv[:1] == ["cpus"]:
        print(min(4, available_cpus()))
        return 0
    print("usage: python -m grader.report.gradescope cpus", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
