"""A grading worker: run a shard of the checks with pytest, stream one JSON line per event.

    python -m grader.engine.worker '{"folder": ..., "lang": "ru", "strict": false, "files": [...]}'

The grading process starts one or more workers, so independent checks run in parallel
and a fault in pytest or in a check never takes the grading process down. Events go to
the original stdout; everything else that might print is sent to stderr.
"""
import _thread
import json
import os
import signal
import sys
import threading
import time

import pytest

from grader import KIT_ROOT
from grader.engine import limits
from grader.engine.events import sign, signed_command
from grader.engine.keys import CHECK_ID, GRADING, NOT_CHECKED_AFTER, SCENARIO, START_FAILED_IN
from grader.errors import Failure, StartFailure
from grader.sandbox import netns
from grader.sandbox.child import end_of_check
from grader.sandbox.confinement import confinement
from grader.sandbox import platform
from grader.engine.remarks import launch_facts
from grader.messages import say
from grader.sandbox.privileges import become_subreaper, guard_this_process, sandbox_user

CHECKS_DIR = KIT_ROOT / "grader" / "checks"
NOT_HERE: pytest.StashKey[bool] = pytest.StashKey()   # another worker runs this check (the runner's answer to a claim)
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

    def __init__(self, out, token="", commands=None):
        self.out = out
        self.token = token  # the key of the events' signatures: never written anywhere
        self.sequence = 0
        self.emit_lock = threading.Lock()   # events come from the checks' thread and the commands' thread
        self.commands = commands
        self.reverse = False
        self.lock = threading.Lock()
        self.phases = {}
        self.phase = None          # "setup", "call", "teardown" of the running check, or None
        self.timed_out = False     # the timer thread's bound expired (portable method)
        self.stop_at_next = False  # a stop arrived during a teardown: end at the next claim

    def emit(self, **event):
        with self.emit_lock:   # the signatures' sequence must match the order of the lines
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
        """pytest-timeout's hook for another way to enforce its bound: ours raises CheckTimeout
        in the check, so a timeout is known by its type and costs that one check. With
        SIGALRM (Linux, macOS) the alarm raises it; without (Windows; the portable mode) a
        timer thread interrupts the main thread, where pytest-timeout's own thread method
        would end the whole worker with os._exit. A bound that ends while the check's
        fixtures are torn down is ignored: the teardown is bounded itself, and cut short it
        would leave the check's processes and copy behind."""
        start_alarm = getattr(platform, "start_alarm", None)   # where SIGALRM rings (Linux, macOS)
        if settings.method == "signal" and start_alarm is not None:
            def expire():
                if self.phase in ("setup", "call"):
                    raise CheckTimeout(settings.timeout)

            cancel = start_alarm(settings.timeout, expire)
        else:
            timer = threading.Timer(settings.timeout, self._expire_from_thread)
            timer.daemon = True
            timer.start()
            cancel = timer.cancel
        item.cancel_timeout = cancel   # what pytest-timeout's own cancel hook calls
        return True

    def _expire_from_thread(self):
        if self.phase in ("setup", "call"):
            self.timed_out = True
            _thread.interrupt_main()   # on_interrupt() raises CheckTimeout in the main thread

    def on_interrupt(self, signum, frame):
        """SIGINT's handler: a check's timeout (see above), a stop the runner asked for
        (Commands), or a Ctrl+C. A stop that comes while a check's fixtures are torn down
        waits for the next claim, so that the teardown completes."""
        if self.timed_out:
            self.timed_out = False
            if self.phase in ("setup", "call"):
                raise CheckTimeout(limits.CHECK_TIMEOUT)
            return
        if self.phase in ("setup", "call"):
            raise KeyboardInterrupt
        self.stop_at_next = True

    @pytest.hookimpl(wrapper=True, tryfirst=True)
    def pytest_runtest_setup(self, item):
        return (yield from self._in_phase("setup"))

    @pytest.hookimpl(wrapper=True, tryfirst=True)
    def pytest_runtest_call(self, item):
        return (yield from self._in_phase("call"))

    @pytest.hookimpl(wrapper=True, tryfirst=True)
    def pytest_runtest_teardown(self, item, nextitem):
        return (yield from self._in_phase("teardown"))

    def _in_phase(self, phase):
        self.phase = phase
        try:
            return (yield)
        finally:
            self.phase = None

    def pytest_configure(self, config):
        if self.commands is not None:
            self.commands.on_learned = lambda known: self.learn(config.stash[GRADING], known)

    def learn(self, grading, known):
        with self.lock:   # the commands' thread adds while the main thread may be sending
            learned_elsewhere(grading, known)

    def claim(self, item):
        """Ask the runner whether this worker runs the check: "go", "skip" (another worker
        has it) or "stop". Without a runner to ask (pytest run by hand), always "go"."""
        if self.commands is None:
            return ["go"]
        if self.commands.stopping.is_set() or self.stop_at_next:
            return ["stop"]
        check_id = item.stash[CHECK_ID]
        self.emit(type="claim", id=check_id)
        return self.commands.answer(check_id)

    @pytest.hookimpl(wrapper=True)
    def pytest_fixture_setup(self, fixturedef, request):
        """Say when a check's server is listening: the runner then knows that the module
        starts, and that a check of it which runs long is waiting for the chat."""
        value = yield
        if fixturedef.argname in ("tcp_chat", "udp_chat") and CHECK_ID in request.node.stash:
            from grader.engine import rubric
            self.emit(type="ready", module=rubric.BY_ID[request.node.stash[CHECK_ID]].module)
        return value

    @pytest.hookimpl(trylast=True)
    def pytest_collection_modifyitems(self, items):
        if self.reverse:   # a second worker on the same checks takes them from the end
            items.reverse()

    def pytest_collection_finish(self, session):
        self.emit(type="plan", ids=[item.stash[CHECK_ID] for item in session.items])

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_makereport(self, item, call):
        report = yield
        self.phases.setdefault(item.nodeid, []).append((call.when, call.excinfo, report))
        return report

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_protocol(self, item, nextitem):
        answer = self.claim(item)
        if answer[0] != "go":
            item.stash[NOT_HERE] = True
            if answer[0] == "stop":
                item.session.shouldstop = "stopped by the runner"
            return (yield)
        grading = item.config.stash[GRADING]
        if len(answer) == 2:   # what other workers learned about the module
            self.learn(grading, json.loads(answer[1]))
        self.emit(type="start", id=item.stash[CHECK_ID])
        started = time.monotonic()
        result = yield
        end_of_check()  # nothing the check started outlives it (grader/sandbox/child.py)
        record = self.classify(item)
        record["duration"] = round(time.monotonic() - started, 3)
        self.emit(type="result", **record)
        with self.lock:
            self.emit(type="learned", traits=grading.traits, start_failures=grading.start_failures)
        return result

    def classify(self, item):
        """passed / failed (the student's) / skipped / error (the grader's own fault)."""
        status, reason, hint, trace, started_not = _verdict(self.phases.pop(item.nodeid, []), item)
        record = {"id": item.stash[CHECK_ID], "status": status, "reason": reason, "hint": hint}
        if started_not:
            record["start_failed"] = True   # the check never began: no hint level is spent on it
        failed_in = item.stash.get(START_FAILED_IN, None)
        if status == "skipped" and failed_in:
            record["start_failed_in"] = failed_in   # its module never started: see grader/tools/batch
        after = item.stash.get(NOT_CHECKED_AFTER, None)
        if status == "skipped" and after:
            record["not_checked_after"] = after     # what that earlier check found made this one unrunnable
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


def _skip_reason(report):
    longrepr = report.longrepr
    reason = longrepr[2] if isinstance(longrepr, tuple) else str(longrepr)
    return reason.removeprefix("Skipped: ")


def _failure_of(excinfo, report, item):
    """(status, reason, hint, trace, started_not) of the phase that raised: a Failure is the
    student's (a StartFailure: the check never began), CheckTimeout too, anything else the grader's."""
    if excinfo.errisinstance(Failure):
        started_not = excinfo.errisinstance(StartFailure)
        hint = excinfo.value.hint
        if started_not and not hint:
            # The check never began: the rubric's hint for its step would mislead.
            hint = say("launch.hint_not_started", item.config.getoption("--report-lang"))
        return "failed", excinfo.value.reason, hint, "", started_not
    if excinfo.errisinstance(CheckTimeout):
        return "failed", "timeout", None, "", False
    return "error", f"{excinfo.typename}: {excinfo.value}", None, report.longreprtext[-4000:], False


def _verdict(phases, item):
    """(status, reason, hint, trace, started_not) from a check's phases: the first skip or the
    first phase that raised decides; none did: passed."""
    for _, excinfo, report in phases:
        if report.skipped:
            return "skipped", _skip_reason(report), None, "", False
        if excinfo is None or report.passed:
            continue
        return _failure_of(excinfo, report, item)
    return "passed", "", None, "", False


def learned_elsewhere(grading, known):
    """Take what other workers of this run learned about the submission's modules (see
    grader/chat/scenarios.py Chat.traits): a step a server skips is then not waited for
    here either, and a module that failed to start is not started again."""
    for module, failed in known.get("start_failures", {}).items():
        grading.start_failures.setdefault(module, failed)
    for module, traits in known.get("traits", {}).items():
        mine = grading.traits.setdefault(module, {})
        for key, value in traits.items():
            if key == "start_seconds":
                mine[key] = max(value, mine.get(key, 0.0))
            else:
                mine.setdefault(key, value)


class SkipUnclaimed:
    """Run no phase of a check another worker runs (EventPlugin's claim said so)."""

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtest_protocol(self, item, nextitem):
        if not item.stash.get(NOT_HERE, False):
            return None
        # What the check run before it kept set up for it (its file's) is torn down as
        # pytest would have after this one: the next check run may be in another file.
        item.session._setupstate.teardown_exact(nextitem)
        return True


class Commands:
    """What the runner writes on the worker's stdin, one line each, after the token: the
    answer to a claim ("<id> skip", "<id> go", or "<id> go <JSON>" with what other workers
    learned: learned_elsewhere()), "learned <JSON>" (the same, as soon as they learn it, so
    that a check waiting for a step another worker found missing stops waiting) or "stop". Only lines that carry the token
    count: a student's process that reached the pipe cannot sign what it writes. The end of
    stdin (the runner is gone) is a stop too."""

    def __init__(self, stream, token, on_stop):
        self.stopping = threading.Event()
        self._answers = {}
        self._cond = threading.Condition()
        self._on_stop = on_stop
        self.on_learned = None     # what other workers learned, while a check of ours runs
        threading.Thread(target=self._read, args=(stream, token), name="runner-commands", daemon=True).start()

    def _read(self, stream, token):
        for line in stream:
            words = signed_command(token, line)
            if words is None:
                continue   # not the runner's: a student's process that reached the pipe
            parts = ["", *words.split(maxsplit=2)]
            if len(parts) < 2:
                continue
            if parts[1] == "stop":
                break
            if parts[1] == "learned" and len(parts) > 2 and self.on_learned is not None:
                try:
                    self.on_learned(json.loads(" ".join(parts[2:])))
                except (ValueError, TypeError, AttributeError):
                    pass
                continue
            with self._cond:
                self._answers[parts[1]] = parts[2:] or ["go"]
                self._cond.notify_all()
        self.stopping.set()
        with self._cond:
            self._cond.notify_all()
        self._on_stop()

    def answer(self, check_id):
        """The runner's answer for `check_id`; "go" if none comes within CLAIM_TIMEOUT (its
        answer was lost: the runner keeps only the outcome of the worker it chose)."""
        deadline = time.monotonic() + limits.CLAIM_TIMEOUT
        with self._cond:
            while check_id not in self._answers:
                left = deadline - time.monotonic()
                if self.stopping.is_set():
                    return ["stop"]
                if left <= 0:
                    return ["go"]
                self._cond.wait(min(left, 0.1))
            return self._answers.pop(check_id)


def check_timeout():
    """The bound on one check: limits.CHECK_TIMEOUT, or CHATKIT_CHECK_TIMEOUT (whole seconds),
    which only the kit's own tests set, to watch a check overrun it without waiting 25 s."""
    given = os.environ.get("CHATKIT_CHECK_TIMEOUT", "")
    return int(given) if given.isdigit() and int(given) > 0 else limits.CHECK_TIMEOUT


def kill_leftovers():
    strays = platform.descendants(os.getpid())
    platform.kill_pids(strays)
    platform.wait_gone(strays, limits.STOP_TIMEOUT)  # and reap those that are ours


def main():
    config = json.loads(sys.argv[1])
    # The runner's secret for this worker comes on stdin, read before any student process
    # exists: a student's process that reaches our stdout pipe (through /proc/PID/fd where
    # the platform's hardening is off, or a handle on Windows) cannot sign what it forges.
    # The same pipe then carries the runner's answers to claims and its stop request.
    stdin = os.fdopen(os.dup(0), "r", encoding="utf-8", errors="replace")
    token = stdin.readline().strip()
    events = os.fdopen(os.dup(1), "w", encoding="utf-8")
    os.dup2(2, 1)  # pytest's and anyone else's prints must not mix with the events
    guard_this_process()
    netns.enter(keep_user=sandbox_user)  # before any thread: only `lo` from here on
    plugin = EventPlugin(events, token)
    signal.signal(signal.SIGINT, plugin.on_interrupt)
    if hasattr(signal, "SIGTERM"):
        signal.signal(signal.SIGTERM, lambda signum, frame: _thread.interrupt_main())
    plugin.reverse = bool(config.get("reverse"))
    if config.get("claims"):
        plugin.commands = Commands(stdin, token, _thread.interrupt_main)
    plugin.emit(type="confinement", **confinement().as_dict())
    become_subreaper()
    args = [str(CHECKS_DIR / name) for name in config["files"]]
    args += ["-c", str(CHECKS_DIR / "pytest.ini"), "--rootdir", str(CHECKS_DIR),
             "-p", "no:cacheprovider", "-q", "--no-header", "-o", "console_output_style=classic",
             "-o", f"timeout_method={platform.timeout_method()}",  # signal needs SIGALRM
             "-o", f"timeout={check_timeout()}",
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
        code = pytest.main(args, plugins=[plugin, SkipUnclaimed()])
    except KeyboardInterrupt:
        code = pytest.ExitCode.INTERRUPTED
    finally:
        kill_leftovers()
    events.close()
    sys.exit(0 if code in (0, 1) else int(code))


if __name__ == "__main__":
    main()
