"""Grade one submission: plan the shards, run the workers, gather and score the results.

This is the grading process's side. It never imports student code and never runs a check
itself; it starts workers (python -m grader.engine.worker), reads the JSON lines they emit, and
scores only what they observed. A check that no worker reported is the grader's fault,
shown as such and never charged to the student.
"""
import io
import json
import os
import queue
import secrets
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

from grader import KIT_ROOT
from grader.engine import limits, races, rubric
from grader.engine.events import sign, verify
from grader.engine.facts import read_facts
from grader.engine.outcome import Outcome
from grader.messages import say
from grader.sandbox.capture import CappedBuffer
from grader.sandbox.privileges import guard_this_process, sandbox_user_status
from grader.sandbox.confinement import from_dict as confinement_of
from grader.sandbox import platform
from grader.engine.remarks import remarks_of
from grader.engine.submission import remarks_for
from grader.engine.roles import find_roles

# The checks files, in units a worker runs whole (paths relative to grader/checks/), from
# each rubric check's file (rubric.Check.checks_file). A unit's weight is about how long it
# takes, for balancing the shards (a unit not listed weighs 1).
CHECK_FILES = {  # (track, role) -> its default-tier unit
    (track, role): tuple(dict.fromkeys(c.checks_file for c in rubric.checks(track, role)))
    for track in rubric.TRACKS for role in rubric.ROLES}
STRICT_FILES = {  # track -> the strict tier's unit, run only with --strict
    track: tuple(dict.fromkeys(c.checks_file for c in rubric.checks(track, tier="strict")))
    for track in rubric.TRACKS}
UNIT_WEIGHT = {CHECK_FILES["tcp", "server"]: 3, CHECK_FILES["tcp", "client"]: 1,
               CHECK_FILES["udp", "server"]: 2, CHECK_FILES["udp", "client"]: 1,
               STRICT_FILES["tcp"]: 4, STRICT_FILES["udp"]: 1}


@dataclass(frozen=True)
class Options:
    """How to grade, built once from the command line (or a test) and read everywhere."""
    lang: str = "ru"
    strict: bool = False
    only: str | None = None          # "tcp", "udp" or None
    workers: int = 2
    roles: dict | None = None        # kit name ("tcp_server.py") -> the instructor's file for that part
    checks: tuple | None = None      # only these check ids (the step mode's milestone), or all
    lenient: bool = False            # --lenient: judge behaviour, not the protocol's exact words
    protocol: dict | None = None     # --protocol FILE: the course's strings (grader.chat.lenient.Protocol.to_json())
    protocol_file: str | None = None # where they came from, for the report


@dataclass
class Result:
    """A graded submission, made whole by score(); later steps make a new one (dataclasses.replace)."""
    folder: str
    checks: list[Outcome]              # in rubric order
    tracks: dict                       # track -> {"state", "score", "max"}
    score: float
    strict_score: float | None = None
    execution_time: float = 0.0
    grader_fault: bool = False
    options: Options = field(default_factory=Options)
    sandbox: dict = field(default_factory=dict)   # whom the student's code ran as: see sandbox_facts()
    roles: dict | None = None          # grader.engine.roles.Roles.to_json(): which file played which part
    remarks: list = field(default_factory=list)   # [(message id, fields)]: said once, no points
    hints: dict = field(default_factory=dict)     # check id -> the deepest hint level reached (engine/hints.py)
    confinement: dict | None = None    # grader/sandbox/confinement.py, the weakest of the workers'
    strict_probe: dict | None = None   # grader/engine/strict_probe.py: {"ran", "failed"}, never scored

    def by_id(self) -> dict[str, Outcome]:
        return {outcome.id: outcome for outcome in self.checks}

    @classmethod
    def from_json(cls, stored):
        """From dataclasses.asdict(result) (the batch's cache); KeyError/TypeError when it is another version's."""
        names = {f.name for f in fields(cls)}
        values = {name: value for name, value in stored.items() if name in names}
        values["options"] = Options(**stored["options"])
        values["checks"] = [Outcome.from_json(outcome) for outcome in stored["checks"]]
        return cls(**values)


def sandbox_facts():
    """Whom the workers' children run as, for the report's line and results.json."""
    status = sandbox_user_status()
    return {"user": status.name if status.owner else None, "why": status.why,
            "name": status.name, "path": status.path,
            "platform": platform.NAME, "missing": platform.missing(status.owner is not None)}  # protections not given here


def track_state(folder, track, roles=None):
    """"graded", "missing" (no file of the track) or "not_started" (only untouched skeletons)."""
    roles = roles or find_roles(folder)
    facts = [read_facts(Path(folder) / roles.file(rubric.MODULES[(track, role)])) for role in rubric.ROLES]
    present = [f for f in facts if f.exists]
    if not present:
        return "missing"
    if all(f.not_started for f in present):
        return "not_started"
    return "graded"


def check_units(options):
    """[(unit of checks files, the (track, role) pairs it grades)] for this run: strict units only with --strict."""
    units: list[tuple[tuple[str, ...], list]] = [(unit, [key]) for key, unit in CHECK_FILES.items()]
    if options.strict:
        units += [(unit, sorted({(c.track, c.role) for c in rubric.checks(track, tier="strict")}))
                  for track, unit in STRICT_FILES.items()]
    wanted = {(rubric.BY_ID[i].track, rubric.BY_ID[i].role) for i in options.checks} if options.checks else None
    return [(unit, keys) for unit, keys in units
            if (not options.only or keys[0][0] == options.only) and (wanted is None or wanted & set(keys))]


def plan(folder, options, roles=None):
    """Which checks files to run, split into at most options.workers balanced shards.

    A unit always goes to one shard whole: its checks share what a worker learns about the
    submission (a module that failed to start, the steps a server skips)."""
    roles = roles or find_roles(folder, options.roles)
    units = []
    for unit, keys in check_units(options):
        facts = [read_facts(Path(folder) / roles.file(rubric.MODULES[key])) for key in keys]
        graded = any(f.exists and not f.not_started for f in facts)
        units.append((UNIT_WEIGHT.get(unit, 1) if graded else 0, unit))
    shards: list = [[0, []] for _ in range(max(1, options.workers))]
    for weight, unit in sorted(units, reverse=True):
        lightest = min(shards, key=lambda shard: shard[0])
        lightest[0] += weight
        lightest[1].extend(unit)
    return [names for _, names in shards if names]


def expected_ids(options):
    tiers = ("default", "strict") if options.strict else ("default",)
    return [c.id for c in rubric.CHECKS
            if c.tier in tiers and (not options.only or c.track == options.only)
            and (not options.checks or c.id in options.checks)]


# How a worker starts: like `python -m grader.engine.worker`, but without its working
# directory (a temporary folder a student's process might write to) on sys.path, where a
# planted module (json.py, stringprep.py) would run inside the worker. `-P` does this from
# Python 3.11 on; this works on 3.10 too.
WORKER_START = "import sys; del sys.path[0]; from grader.engine.worker import main; main()"



STOP = threading.Event()   # set on Ctrl+C (tools/batch): every grade() stops its workers and raises Interrupted


class Interrupted(KeyboardInterrupt):
    """The grading was stopped (Ctrl+C): its workers and their students' processes are gone."""


def unit_of(check_id):
    """The checks files that hold a check (a unit a worker collects)."""
    entry = rubric.BY_ID[check_id]
    return STRICT_FILES[entry.track] if entry.tier == "strict" else CHECK_FILES[entry.track, entry.role]


class Worker:
    """One `python -m grader.engine.worker` process and the threads that read its events.

    The worker claims each check before it runs it (see grader/engine/worker.py), and the
    runner answers on its stdin: so several workers can share one list of checks, and the
    runner knows which worker's outcome counts. A worker runs in a process group of its
    own: Ctrl+C reaches the grading process only, which asks the worker to stop."""

    def __init__(self, folder, ids, options, events, roles=None, reverse=False, calm=False):
        files = [name for unit in dict.fromkeys(unit_of(i) for i in ids) for name in unit]
        config = {"folder": str(folder), "lang": options.lang, "strict": options.strict, "files": files,
                  "roles": roles.to_json() if roles else None, "checks": list(ids), "claims": True,
                  "reverse": reverse, "calm": calm,
                  "lenient": options.lenient, "protocol": options.protocol}
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(  # no empty entry: that would be the working directory
                       [str(KIT_ROOT), *filter(None, os.environ.get("PYTHONPATH", "").split(os.pathsep))]),
                   PYTHONDONTWRITEBYTECODE="1", PYTHONIOENCODING="utf-8",
                   # Only the plugin the checks use: whatever else is installed (hypothesis,
                   # pytest-benchmark, ...) took 0.7 s to import in every worker.
                   PYTEST_DISABLE_PLUGIN_AUTOLOAD="1", PYTEST_PLUGINS="pytest_timeout")
        self.ids = list(ids)
        self.confirming = None    # the failed check it runs again (engine/races.py), if that is its task
        self.shard = list(ids)    # the planned shard it works on (a helper: the one it helps)
        self.running = None       # (check id, since) while the worker runs a check
        self.done = False
        self.cwd = tempfile.mkdtemp(prefix="chatkit-worker-")
        # The worker's temporary files, the students' copies among them, live in its own
        # folder, which stop() removes whatever the worker managed to clean before it ended.
        # Traversable (not listable) by the user students' code may run as.
        private = Path(self.cwd) / "tmp"
        private.mkdir()
        for path in (self.cwd, private):
            os.chmod(path, 0o711)
        env.update(TMPDIR=str(private), TEMP=str(private), TMP=str(private))
        group = platform.process_group_options()
        self.proc = subprocess.Popen([sys.executable, "-c", WORKER_START, json.dumps(config)],
                                     cwd=self.cwd, env=env, stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, **group)
        self.token = secrets.token_hex(16)  # see grader/worker.py: only signed events count
        self._lock = threading.Lock()
        self.send("")
        self.stderr = CappedBuffer()
        self.reader = threading.Thread(target=self._read, args=(events,), name="worker-events", daemon=True)
        self.reader.start()
        self.err_reader = threading.Thread(target=self._drain_stderr, name="worker-stderr", daemon=True)
        self.err_reader.start()

    def send(self, words):
        """One line to the worker's stdin: the first, empty, is the key itself (sent before
        any student process exists); every later one is signed with it (events.sign), so the
        key never travels again where a student's process might read the pipe."""
        line = self.token if words == "" else sign(self.token, words)
        assert self.proc.stdin is not None   # Popen(stdin=PIPE)
        with self._lock:
            try:
                self.proc.stdin.write(line.encode() + b"\n")
                self.proc.stdin.flush()
            except (OSError, ValueError):
                pass  # the worker has ended: its stderr will say why

    def _read(self, events):
        last = 0
        assert self.proc.stdout is not None   # Popen(stdout=PIPE)
        for line in self.proc.stdout:
            event = verify(self.token, line, last)
            if event is None:  # not the worker's: a stray print, or forged by a student's process
                self.stderr.add(line[:2000])
                continue
            last = event.pop("seq")
            events.put((self, event))
        events.put((self, {"type": "worker-done"}))

    def _drain_stderr(self):
        stderr = self.proc.stderr
        assert isinstance(stderr, io.BufferedReader)
        for chunk in iter(lambda: stderr.read1(65536), b""):
            self.stderr.add(chunk)

    def stop(self, bound=limits.WORKER_STOP_TIMEOUT):
        """Ask the worker to stop (it ends its check, whose teardown stops the student's
        processes and removes their copies), wait up to `bound`, then kill it."""
        if self.proc.poll() is None:
            self.send("stop")
            try:
                self.proc.wait(bound)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        self.proc.wait()
        try:
            if self.proc.stdin is not None:
                self.proc.stdin.close()
        except OSError:
            pass
        self.reader.join(1)
        self.err_reader.join(1)
        shutil.rmtree(self.cwd, ignore_errors=True)

    kill = stop


class Schedule:
    """Which worker runs which check, decided by the runner as the workers claim them.

    Each planned worker walks its shard's checks in order. A check that has run longer than
    limits.HELP_AFTER is waiting (for a line that may never come, a port, a timeout): a
    helper worker is then started on the same shard, and the two share what is left, each
    taking the next check nobody has claimed. A check's outcome counts only from the worker
    it was given to. Checks that no worker reported (a worker died) are given to a fresh
    worker, up to limits.RERUNS times."""

    def __init__(self, folder, options, roles, events, wanted):
        self.folder, self.options, self.roles, self.events = folder, options, roles, events
        self.wanted = wanted
        self.granted: dict[str, Worker] = {}   # check id -> the worker that runs it
        self.results: dict[str, Outcome] = {}  # check id -> its outcome, from the worker it was granted to
        self.start_failed = {}     # module -> the check where it failed to start
        self.died_in = {}          # check id -> how long it had run when its worker ended
        self.workers = []
        self.shards = []           # [ids] per planned shard, in rubric order
        self.helpers = 0
        self.reruns = 0
        self.failing: dict[str, list[Outcome]] = {}   # check id -> its failed runs, while it runs again (engine/races.py)
        self.confirmers: dict[str, list[Worker]] = {}  # check id -> the workers running it again, at once
        self.to_confirm: list[str] = []   # check ids, one per run again not yet started (limits.CONFIRMERS)
        self.next_help = 0.0
        self.ready = set()         # modules seen listening, or passing a check, in this run
        self.traits = {}           # module -> what the workers learned about it (Chat.traits)
        for files in plan(folder, options, roles):
            ids = [i for i in wanted if set(unit_of(i)) <= set(files)]
            if ids:
                self.shards.append(ids)
                self.start(ids)
        if options.workers >= 2 and self.shards:
            # The longest shard gets a second worker from the start, taking its checks from
            # the end: a check that waits out a bound then no longer delays the others.
            self.start(self.shards[0], reverse=True)

    def start(self, ids, reverse=False, calm=False):
        worker = Worker(self.folder, ids, self.options, self.events, self.roles, reverse, calm)
        worker.shard = ids
        self.workers.append(worker)
        return worker

    def alive(self):
        return [w for w in self.workers if not w.done]

    def outcome(self, check_id):
        """The check's outcome: reported, or decided from its failed runs (its runs again ended unreported)."""
        if check_id not in self.results and check_id in self.failing:
            self.results[check_id] = races.decide(self.failing.pop(check_id), None)
        return self.results.get(check_id)

    def run_again(self, check_id, outcome):
        """A failure a race may have caused (engine/races.py): the check runs again in
        limits.CONFIRM_RUNS fresh workers at once, each with a fresh child and its users acting
        one at a time (calm: grader/chat/scenarios.py Chat.calm_down), so that it costs the time
        of one more run (at most limits.CONFIRMERS such workers run at a time)."""
        self.failing[check_id] = [outcome]
        self.confirmers[check_id] = []
        self.to_confirm += [check_id] * limits.CONFIRM_RUNS
        self.start_confirmers()

    def start_confirmers(self):
        alive = sum(1 for w in self.alive() if w.confirming is not None)
        while self.to_confirm and alive < limits.CONFIRMERS and not STOP.is_set():
            check_id = self.to_confirm.pop(0)
            worker = self.start([check_id], calm=True)
            worker.confirming = check_id
            self.confirmers[check_id].append(worker)
            alive += 1

    def confirmed(self, worker, check_id, outcome):
        """One run again reported (outcome) or ended without (None): True once the check is decided."""
        if check_id not in self.failing or worker not in self.confirmers.get(check_id, ()):
            return False
        self.confirmers[check_id].remove(worker)
        passed = outcome is not None and outcome.status == "passed"
        if outcome is not None and not passed:
            self.failing[check_id].append(outcome)
        if not passed and (self.confirmers[check_id] or check_id in self.to_confirm):
            return False   # the others' runs may still pass
        self.to_confirm = [i for i in self.to_confirm if i != check_id]
        for other in self.confirmers.pop(check_id):   # it passed: the others' runs are not needed
            other.send("stop")
        self.results[check_id] = races.decide(self.failing.pop(check_id), outcome if passed else None)
        return True

    def on_event(self, worker: Worker, event) -> bool:
        """Act on one worker event; True when it is a check's outcome the runner accepts
        (from the worker the check was given to)."""
        kind = event.get("type")
        check_id = event.get("id")
        if worker.confirming is not None and kind in ("claim", "start", "result"):
            return self.on_confirming(worker, event)
        if kind == "claim":
            if check_id in self.granted or check_id not in self.wanted or STOP.is_set():
                worker.send(f"{check_id} skip")
                return False
            self.granted[check_id] = worker
            known = {"traits": self.traits, "start_failures": self.start_failed}
            worker.send(f"{check_id} go " + json.dumps(known, separators=(",", ":")))
        elif kind == "start" and self.granted.get(check_id) is worker:
            worker.running = (check_id, time.monotonic())
        elif kind == "ready":
            self.ready.add(event.get("module"))
        elif kind == "result" and self.granted.get(check_id) is worker:
            worker.running = None
            return self.accept(check_id, Outcome.from_json(event))
        elif kind == "learned" and isinstance(event.get("traits"), dict):
            self.learn(event)
        elif kind == "worker-done":
            worker.done = True
            if worker.running is not None and worker.confirming is None:   # it ended inside a check
                self.died_in[worker.running[0]] = time.monotonic() - worker.running[1]
            worker.running = None
            return self.confirmer_done(worker)
        return False

    def accept(self, check_id, outcome):
        """A check's outcome from the worker it was given to: True when final (a failure a race
        may have caused first runs again: run_again)."""
        if outcome.status == "passed" and outcome.outputs:   # it ran the module
            self.ready.add(rubric.BY_ID[check_id].module)
        if races.could_be_a_race(outcome) and not STOP.is_set():
            self.run_again(check_id, outcome)
            return False
        self.results[check_id] = outcome
        return True

    def confirmer_done(self, worker):
        """A worker ended: a run again's slot is free, and one that never reported failed."""
        if worker.confirming is None:
            return False
        decided = self.confirmed(worker, worker.confirming, None)
        self.start_confirmers()
        return decided

    def on_confirming(self, worker, event):
        """An event of a worker that runs a failed check again: it runs that check only."""
        kind, check_id = event.get("type"), event.get("id")
        if check_id != worker.confirming:
            if kind == "claim":
                worker.send(f"{check_id} skip")
            return False
        if kind == "claim":
            if check_id not in self.failing or STOP.is_set():
                worker.send(f"{check_id} skip")
                return False
            known = {"traits": self.traits, "start_failures": self.start_failed}
            worker.send(f"{check_id} go " + json.dumps(known, separators=(",", ":")))
        elif kind == "start":
            worker.running = (check_id, time.monotonic())
        elif kind == "result":
            worker.running = None
            return self.confirmed(worker, check_id, Outcome.from_json(event))
        return False

    def learn(self, event):
        """What a worker learned about the modules (Chat.traits, start failures): passed on
        to every check granted from now on, and at once to the workers running
        (grader/engine/worker.py learned_elsewhere)."""
        changed = False
        for module, failed in (event.get("start_failures") or {}).items():
            if module in rubric.MODULES.values() and isinstance(failed, str):
                self.start_failed.setdefault(module, failed)
        for module, traits in event["traits"].items():
            if module not in rubric.MODULES.values() or not isinstance(traits, dict):
                continue
            mine = self.traits.setdefault(module, {})
            for key, value in traits.items():
                if key == "start_seconds" and isinstance(value, (int, float)):
                    mine[key] = max(value, mine.get(key, 0.0))
                elif isinstance(value, (bool, str)) and key not in mine:
                    mine[key] = value
                    changed = True
        if changed:   # a check now waiting for a step found missing elsewhere stops waiting
            line = "learned " + json.dumps({"traits": self.traits, "start_failures": self.start_failed},
                                           separators=(",", ":"))
            for worker in self.alive():
                worker.send(line)

    def help_waiting(self):
        """Start a helper beside a worker whose check is waiting, if its shard has checks left."""
        now = time.monotonic()
        if self.helpers >= limits.HELPERS or now < self.next_help or STOP.is_set():
            return
        if any(w.running is None for w in self.alive()):
            return   # a worker is still starting, or between two checks: it takes the next one
        for worker in self.alive():
            if worker.running is None or now - worker.running[1] < limits.HELP_AFTER:
                continue
            left = [i for i in worker.shard if i not in self.granted]
            waiting_in = rubric.BY_ID[worker.running[0]].module
            if waiting_in not in self.ready:
                # Its module may be still starting (or never will): the next checks of the
                # same module would only wait for the same start.
                left = [i for i in left if rubric.BY_ID[i].module != waiting_in]
            if left:
                self.helpers += 1
                self.next_help = now + limits.HELP_AFTER / 2
                helper = self.start(left)
                helper.shard = worker.shard
                return

    def rerun_missing(self):
        """All workers ended: give the checks nobody reported to a fresh worker. A check a
        worker died in after running past its bound timed out (pytest-timeout's thread
        method ends the worker): that is the check's failure, and it is not run again."""
        missing = [i for i in self.wanted if i not in self.results]
        for check_id in missing:
            self.granted.pop(check_id, None)
            if self.outcome(check_id) is not None:   # failed, and its runs again ended unreported
                continue
            if self.died_in.get(check_id, 0) >= limits.CHECK_TIMEOUT:
                self.results[check_id] = Outcome(check_id, "failed", reason="timeout")
        missing = [i for i in missing if i not in self.results]
        if not missing or self.reruns >= limits.RERUNS or STOP.is_set():
            return False
        self.reruns += 1
        self.start(missing)
        return True

    def stop_all(self):
        alive = [w for w in self.workers if w.proc.poll() is None]
        for worker in alive:
            worker.send("stop")   # all asked at once, then each waited for
        for worker in self.workers:
            worker.stop()


def grade(folder, options=None, on_event=None, on_progress=None):
    """Grade the submission in `folder` (already validated). Returns a Result.

    on_event(event) sees every worker event the runner accepts; on_progress(pending) is called
    as each check's outcome arrives, pending() building the partial Result (pending_result():
    what is not graded yet is a grader fault) only when the listener wants it (scoring reads
    the files again: ~20 ms). Raises Interrupted when STOP is set (Ctrl+C) or KeyboardInterrupt arrives,
    after every worker has stopped."""
    guard_this_process()   # the workers' results travel through this process's pipes
    options = options or Options()
    folder = Path(folder).resolve()  # the workers run in a directory of their own
    started = time.monotonic()
    wanted = expected_ids(options)
    events: queue.Queue = queue.Queue()
    roles = find_roles(folder, options.roles)
    confined = None
    deadline = started + limits.RUN_TIMEOUT
    schedule = Schedule(folder, options, roles, events, wanted)
    timed_out = False
    try:
        while True:
            if not schedule.alive() and not schedule.rerun_missing():
                break
            if STOP.is_set():
                raise Interrupted()
            if time.monotonic() >= deadline:
                timed_out = True
                break
            try:
                worker, event = events.get(timeout=0.1)
            except queue.Empty:
                schedule.help_waiting()
                continue
            accepted = schedule.on_event(worker, event)
            if accepted and on_progress:
                on_progress(lambda: pending_result(folder, options, schedule.results, time.monotonic() - started, roles))
            if event.get("type") == "confinement":
                confined = confinement_of(event).merge(confined)
            schedule.help_waiting()
            if on_event:
                _tell(on_event, worker, event, accepted)
    finally:
        running = {w: w.running for w in schedule.workers if w.running is not None}
        schedule.stop_all()
    checks = one_start_failure(_outcomes(wanted, schedule, timed_out, running), roles, options.lang)
    return score(folder, checks, options, time.monotonic() - started, roles,
                 remarks=remarks_for(folder) + remarks_of(roles, checks),   # what the copy left out, first
                 confinement=confined.as_dict() if confined else None)


def _tell(on_event, worker, event, accepted):
    """What the caller's on_event sees: every event but claims and workers' ends; a check's
    outcome once the schedule took it as final (a check run again: after its runs, whichever
    event ended them); never the plan of a worker that runs a check again."""
    kind = event.get("type")
    if kind not in ("claim", "worker-done", "result") and not (worker.confirming and kind == "plan"):
        on_event(event)
    elif accepted:
        on_event(event if kind == "result" else {"type": "result", "id": worker.confirming})


def _outcomes(wanted, schedule, timed_out, running):
    """Every wanted check's Outcome, in rubric order: as reported; failed by the run's own bound
    (timed_out: the check then running by time, one never begun "run-out"); else a grader fault
    with the workers' logs."""
    checks = []
    fault_log = "\n".join(w.stderr.text()[-2000:] for w in schedule.workers if w.proc.returncode not in (0, None))
    for check_id in wanted:
        record = schedule.outcome(check_id)
        if record is None and timed_out:
            # The run's own bound: the submission's checks took it all. The check then
            # running failed by time, and one never begun says why it was not checked.
            busy = any(r[0] == check_id for r in running.values())
            record = Outcome(check_id, "failed", reason="timeout" if busy else "run-out")
        checks.append(record or Outcome(check_id, "error", reason="grader-incomplete", trace=fault_log))
    return checks


def one_start_failure(checks, roles, lang):
    """Each module that failed to start, failed in one check: the first in rubric order whose own
    run met the failure. The others that met it too (run at the same time in other workers)
    or were skipped after one of them are shown as not checked after that one. Which check met
    it first is a matter of timing, and the report must not be: the module's first starting
    check always tries (checks/conftest.py _needs_start), so its failure is the one kept."""
    first: dict[str, str] = {}   # module -> the check whose failure is kept
    for outcome in checks:
        if outcome.status == "failed" and outcome.start_failed:
            first.setdefault(rubric.BY_ID[outcome.id].module, outcome.id)

    def after_first(outcome):
        module = rubric.BY_ID[outcome.id].module
        failed_in = first.get(module)
        met_it = (outcome.status == "failed" and outcome.start_failed) or \
                 (outcome.status == "skipped" and outcome.start_failed_in)
        if failed_in is None or outcome.id == failed_in or not met_it:
            return outcome
        reason = say("checks.skip.did_not_start", lang, module=roles.file(module),
                     check=rubric.BY_ID[failed_in].text(lang))
        return Outcome(outcome.id, "skipped", reason=reason, duration=outcome.duration,
                       start_failed_in=failed_in, not_checked_after=failed_in)

    return [after_first(outcome) for outcome in checks]


def pending_result(folder, options, outcomes=None, elapsed=0.0, roles=None):
    """The Result while grading runs: the outcomes so far (id -> Outcome); a check not yet
    reported shows as not graded (a grader fault, the student asked to request a regrade),
    never as the student's failure."""
    outcomes = outcomes or {}
    pending = say("gradescope.pending", options.lang)
    checks = [outcomes.get(check_id) or Outcome(check_id, "error", reason=pending) for check_id in expected_ids(options)]
    return score(Path(folder).resolve(), checks, options, elapsed, roles)


def score(folder, checks, options, elapsed, roles=None, remarks=(), confinement=None):
    """Turn check outcomes into points: each track out of its maximum, the final score the better.

    With --strict the strict tier is scored the same way, apart: each graded track's strict
    points out of its maximum, and strict_score the better of them. The default score never
    depends on it.
    """
    checks = [replace(outcome, points=rubric.BY_ID[outcome.id].points if outcome.status == "passed" else 0)
              for outcome in checks]

    def earned(track, tier):
        return sum(o.points for o in checks if rubric.BY_ID[o.id].track == track and rubric.BY_ID[o.id].tier == tier)

    tracks: dict[str, dict] = {}
    for track in rubric.TRACKS:
        if options.only and track != options.only:
            tracks[track] = {"state": "excluded", "score": 0, "max": rubric.TRACK_MAX[track]}
            continue
        state = track_state(folder, track, roles)
        tracks[track] = {"state": state, "score": earned(track, "default") if state == "graded" else 0,
                         "max": rubric.TRACK_MAX[track]}
        if options.strict:
            tracks[track]["strict"] = earned(track, "strict") if state == "graded" else 0
    final = max(t["score"] for t in tracks.values())
    strict = max((t.get("strict", 0) for t in tracks.values()), default=0) if options.strict else None
    return Result(folder=str(folder), checks=checks, tracks=tracks, score=final, strict_score=strict,
                  execution_time=round(elapsed, 2),
                  grader_fault=any(o.status == "error" for o in checks), options=options,
                  sandbox=sandbox_facts(),
                  roles=(roles or find_roles(folder, options.roles)).to_json(),
                  remarks=list(remarks), confinement=confinement)
