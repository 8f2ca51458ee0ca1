"""A grading worker: run a shard of the checks with pytest, stream one JSON line per event.

    python -m grader.engine.worker '{"folder": ..., "lang": "ru", "strict": false, "files": [...]}'

The grading process starts one or more workers, so independent checks run in parallel
and a fault in pytest or in a check never takes the grading process down. Events go to
the original stdout; everything else that might print is sent to stderr.
"""
import json
import os
import signal
import sys
import time

import pytest

from grader import KIT_ROOT
from grader.engine import limits
from grader.engine.events import sign
from grader.checks import CHECK_ID, SCENARIO, START_FAILED_IN
from grader.chat.transcript import Failure, StartFailure
from grader.sandbox import netns
from grader.sandbox.child import end_of_check
from grader.sandbox.confinement import confinement
from grader.sandbox import platform
from grader.engine.remarks import launch_facts
from grader.messages import say
from grader.sandbox.privileges import become_subreaper, guard_this_process, sandbox_user

CHECKS_DIR = KIT_ROOT / "grader" / "checks"
OUTPUT_TAIL = 3000


class CheckTimeout(BaseException):
    """A check ran past pytest-timeout's bound (pytest.ini: timeout).

    A BaseException, like pytest.fail()'s, so that no `except Exception` in a check or a
    cleanup swallows it.
    """


def _tail(text, size=OUTPUT_TAIL):
    return text if len(text) <= size else "…" + text[-size:]


class EventPlugin:
    """Collect each check's outcome, transcript and process output, and emit it as JSON."""

    def __init__(self, out, token=""):
        self.out = out
        self.token = token  # the key of the events' signatures: never written anywhere
        self.sequence = 0
        self.phases = {}

    def emit(self, **event):
        self.sequence += 1
        event["seq"] = self.sequence
        line = json.dumps(event, ensure_ascii=False)
        try:
            line.encode("utf-8")
        except UnicodeEncodeError:   # a file name that is not UTF-8: escaped, read back as it was
            line = json.dumps(event)
        self.out.write(sign(self.token, line) + "\n")
        self.out.flush()

    @pytest.hookimpl(tryfirst=True)
    def pytest_timeout_set_timer(self, item, settings):
        """pytest-timeout's hook for another way to enforce its bound: ours raises CheckTimeout,
        so a timeout is known by its type, not by the words of a message. Where there is no
        SIGALRM (Windows; the portable mode), pytest-timeout's thread method stays in charge."""
        if sys.platform == "win32":
            return None
        if settings.method != "signal":
            return None

        def expire(signum, frame):
            raise CheckTimeout(settings.timeout)

        def cancel():
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, signal.SIG_DFL)

        item.cancel_timeout = cancel   # what pytest-timeout's own cancel hook calls
        signal.signal(signal.SIGALRM, expire)
        signal.setitimer(signal.ITIMER_REAL, settings.timeout)
        return True

    def pytest_collection_finish(self, session):
        self.emit(type="plan", ids=[item.stash[CHECK_ID] for item in session.items])

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_makereport(self, item, call):
        report = yield
        self.phases.setdefault(item.nodeid, []).append((call.when, call.excinfo, report))
        return report

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_protocol(self, item, nextitem):
        self.emit(type="start", id=item.stash[CHECK_ID])
        started = time.monotonic()
        result = yield
        end_of_check()  # nothing the check started outlives it (grader/sandbox/child.py)
        record = self.classify(item)
        record["duration"] = round(time.monotonic() - started, 3)
        self.emit(type="result", **record)
        return result

    def classify(self, item):
        """passed / failed (the student's) / skipped / error (the grader's own fault)."""
        status, reason, hint, trace = "passed", "", None, ""
        started_not = False
        for when, excinfo, report in self.phases.pop(item.nodeid, []):
            if report.skipped:
                status = "skipped"
                longrepr = report.longrepr
                reason = longrepr[2] if isinstance(longrepr, tuple) else str(longrepr)
                reason = reason.removeprefix("Skipped: ")
                break
            if excinfo is None or report.passed:
                continue
            if when == "teardown" and status != "passed":
                continue
            if excinfo.errisinstance(Failure):
                status, reason, hint = "failed", excinfo.value.reason, excinfo.value.hint
                started_not = excinfo.errisinstance(StartFailure)
                if started_not and not hint:
                    # The check never began: the rubric's hint for its step would mislead.
                    hint = say("launch.hint_not_started", item.config.getoption("--report-lang"))
            elif excinfo.errisinstance(CheckTimeout):
                status = "failed"
                reason = "timeout"
            else:
                status, reason = "error", f"{excinfo.typename}: {excinfo.value}"
                trace = report.longreprtext[-4000:]
            break
        record = {"id": item.stash[CHECK_ID], "status": status, "reason": reason, "hint": hint}
        if started_not:
            record["start_failed"] = True   # the check never began: no hint level is spent on it
        failed_in = item.stash.get(START_FAILED_IN, None)
        if status == "skipped" and failed_in:
            record["start_failed_in"] = failed_in   # its module never started: see grader/tools/batch
        if trace:
            record["trace"] = trace
        scenario = item.stash.get(SCENARIO, None)
        if scenario is not None:
            record["events"] = scenario.events
            record["actors"] = [[a.name, a.role] for a in scenario.actors]   # role: a catalogue id
            record["outputs"] = [{"module": p.module, "stderr": _tail(p.stderr.text()),
                                  "stdout": _tail(p.stdout.text()) if p.output is None else "",
                                  "exit": p.proc.poll(), "launch": launch_facts(p)}
                                 for p in scenario.processes]
        return record


def kill_leftovers():
    strays = platform.descendants(os.getpid())
    platform.kill_pids(strays)
    platform.wait_gone(strays, limits.STOP_TIMEOUT)  # and reap those that are ours


def main():
    config = json.loads(sys.argv[1])
    # The runner's secret for this worker comes on stdin, read before any student process
    # exists: a student's process that reaches our stdout pipe (through /proc/PID/fd where
    # the platform's hardening is off, or a handle on Windows) cannot sign what it forges.
    token = sys.stdin.readline().strip()
    events = os.fdopen(os.dup(1), "w", encoding="utf-8")
    os.dup2(2, 1)  # pytest's and anyone else's prints must not mix with the events
    guard_this_process()
    netns.enter(keep_user=sandbox_user)  # before any thread: only `lo` from here on
    plugin = EventPlugin(events, token)
    plugin.emit(type="confinement", **confinement().as_dict())
    become_subreaper()
    args = [str(CHECKS_DIR / name) for name in config["files"]]
    args += ["-c", str(CHECKS_DIR / "pytest.ini"), "--rootdir", str(CHECKS_DIR),
             "-p", "no:cacheprovider", "-q", "--no-header", "-o", "console_output_style=classic",
             "-o", f"timeout_method={platform.timeout_method()}",  # signal needs SIGALRM
             "--submission", config["folder"], "--report-lang", config["lang"]]
    if config.get("roles"):
        args += ["--roles", json.dumps(config["roles"])]
    if config.get("checks"):
        args += ["--check-ids", ",".join(config["checks"])]
    if config.get("strict"):
        args.append("--strict-tier")
    if config.get("lenient"):
        args.append("--lenient")
    if config.get("protocol"):
        args += ["--protocol-json", json.dumps(config["protocol"])]
    try:
        code = pytest.main(args, plugins=[plugin])
    finally:
        kill_leftovers()
    events.close()
    sys.exit(0 if code in (0, 1) else int(code))


if __name__ == "__main__":
    main()
