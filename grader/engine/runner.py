"""Grade one submission: plan the shards, run the workers, gather and score the results.

This is the grading process's side. It never imports student code and never runs a check
itself; it starts workers (python -m grader.engine.worker), reads the JSON lines they emit, and
scores only what they observed. A check that no worker reported is the grader's fault,
shown as such and never charged to the student.
"""
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
from dataclasses import dataclass, field
from pathlib import Path

from grader import KIT_ROOT
from grader.engine import limits, rubric
from grader.engine.events import verify
from grader.engine.facts import read_facts
from grader.sandbox.capture import CappedBuffer
from grader.sandbox.privileges import guard_this_process, sandbox_user_status
from grader.sandbox.confinement import from_dict as confinement_of
from grader.sandbox import platform
from grader.engine.remarks import remarks_of
from grader.engine.submission import remarks_for
from grader.engine.roles import find_roles

# The checks files, in units a worker runs whole (paths relative to grader/checks/). A unit's
# weight is about how long it takes, for balancing the shards.
CHECK_FILES = {  # (track, role) -> its default-tier unit
    ("tcp", "server"): ("check_tcp_server.py",),
    ("tcp", "client"): ("check_tcp_client.py",),
    ("udp", "server"): ("check_udp_server.py",),
    ("udp", "client"): ("check_udp_client.py",),
}
STRICT_FILES = {  # track -> the strict tier's unit, run only with --strict
    "tcp": ("strict/check_tcp_framing.py", "strict/check_tcp_load.py", "strict/check_tcp_lifecycle.py"),
    "udp": ("strict/check_udp_server.py",),
}
UNIT_WEIGHT = {CHECK_FILES["tcp", "server"]: 3, CHECK_FILES["tcp", "client"]: 1,
               CHECK_FILES["udp", "server"]: 2, CHECK_FILES["udp", "client"]: 1,
               STRICT_FILES["tcp"]: 4, STRICT_FILES["udp"]: 1}


@dataclass
class Options:
    lang: str = "ru"
    strict: bool = False
    only: str = None          # "tcp", "udp" or None
    workers: int = 2
    roles: dict = None        # kit name ("tcp_server.py") -> the instructor's file for that part
    checks: tuple = None      # only these check ids (the step mode's milestone), or all
    lenient: bool = False     # --lenient: judge behaviour, not the protocol's exact words
    protocol: dict = None     # --protocol FILE: the course's strings (grader.chat.lenient.Protocol.to_json())
    protocol_file: str = None # where they came from, for the report


@dataclass
class Result:
    folder: str
    checks: list                       # result dicts in rubric order
    tracks: dict                       # track -> {"state", "score", "max"}
    score: float
    strict_score: float = None
    execution_time: float = 0.0
    grader_fault: bool = False
    options: Options = field(default_factory=Options)
    sandbox: dict = field(default_factory=dict)   # whom the student's code ran as: see sandbox_facts()
    roles: dict = None                 # grader.engine.roles.Roles.to_json(): which file played which part
    remarks: list = field(default_factory=list)   # [(message id, fields)]: said once, no points
    hints: dict = field(default_factory=dict)     # check id -> the deepest hint level reached (engine/hints.py)
    confinement: dict = None           # grader/sandbox/confinement.py, the weakest of the workers'

    def by_id(self):
        return {record["id"]: record for record in self.checks}


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
    units = [(unit, [key]) for key, unit in CHECK_FILES.items()]
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
        units.append((UNIT_WEIGHT[unit] if graded else 0, unit))
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


class Worker:
    """One `python -m grader.engine.worker` process and the thread that reads its events."""

    def __init__(self, folder, files, options, events, roles=None):
        config = {"folder": str(folder), "lang": options.lang, "strict": options.strict, "files": files,
                  "roles": roles.to_json() if roles else None,
                  "checks": list(options.checks) if options.checks else None,
                  "lenient": options.lenient, "protocol": options.protocol}
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(  # no empty entry: that would be the working directory
                       [str(KIT_ROOT), *filter(None, os.environ.get("PYTHONPATH", "").split(os.pathsep))]),
                   PYTHONDONTWRITEBYTECODE="1", PYTHONIOENCODING="utf-8",
                   # Only the plugin the checks use: whatever else is installed (hypothesis,
                   # pytest-benchmark, ...) took 0.7 s to import in every worker.
                   PYTEST_DISABLE_PLUGIN_AUTOLOAD="1", PYTEST_PLUGINS="pytest_timeout")
        self.cwd = tempfile.mkdtemp(prefix="chatkit-worker-")
        self.proc = subprocess.Popen([sys.executable, "-c", WORKER_START, json.dumps(config)],
                                     cwd=self.cwd, env=env, stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.token = secrets.token_hex(16)  # see grader/worker.py: only signed events count
        try:
            self.proc.stdin.write((self.token + "\n").encode())
            self.proc.stdin.close()
        except OSError:
            pass  # the worker died at once: its stderr will say why
        self.stderr = CappedBuffer()
        self.reader = threading.Thread(target=self._read, args=(events,), name="worker-events", daemon=True)
        self.reader.start()
        self.err_reader = threading.Thread(target=self._drain_stderr, name="worker-stderr", daemon=True)
        self.err_reader.start()

    def _read(self, events):
        last = 0
        for line in self.proc.stdout:
            event = verify(self.token, line, last)
            if event is None:  # not the worker's: a stray print, or forged by a student's process
                self.stderr.add(line[:2000])
                continue
            last = event.pop("seq")
            events.put(event)
        events.put({"type": "worker-done", "worker": id(self)})

    def _drain_stderr(self):
        for chunk in iter(lambda: self.proc.stderr.read1(65536), b""):
            self.stderr.add(chunk)

    def kill(self):
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()
        self.reader.join(1)
        self.err_reader.join(1)
        shutil.rmtree(self.cwd, ignore_errors=True)


def grade(folder, options=None, on_event=None):
    """Grade the submission in `folder` (already validated). Returns a Result."""
    guard_this_process()   # the workers' results travel through this process's pipes
    options = options or Options()
    folder = Path(folder).resolve()  # the workers run in a directory of their own
    started = time.monotonic()
    wanted = expected_ids(options)
    events = queue.Queue()
    roles = find_roles(folder, options.roles)
    workers = [Worker(folder, files, options, events, roles) for files in plan(folder, options, roles)]
    results, done, confined = {}, 0, None
    deadline = started + limits.RUN_TIMEOUT
    try:
        while done < len(workers):
            try:
                event = events.get(timeout=max(0.0, min(1.0, deadline - time.monotonic())))
            except queue.Empty:
                if time.monotonic() >= deadline:
                    break
                continue
            if event.get("type") == "worker-done":
                done += 1
            elif event.get("type") == "result" and event.get("id") in wanted:
                results[event["id"]] = event
            elif event.get("type") == "confinement":
                confined = confinement_of(event).merge(confined)
            if on_event:
                on_event(event)
    finally:
        for worker in workers:
            worker.kill()
    fault_log = "\n".join(w.stderr.text()[-2000:] for w in workers if w.proc.returncode not in (0, None))
    checks = []
    for check_id in wanted:
        record = results.get(check_id) or {
            "id": check_id, "status": "error",
            "reason": "grader-incomplete", "trace": fault_log}
        checks.append(record)
    result = score(folder, checks, options, time.monotonic() - started, roles)
    result.remarks = remarks_for(folder) + remarks_of(roles, checks)   # what the copy left out, first
    result.confinement = confined.as_dict() if confined else None
    return result


def score(folder, checks, options, elapsed, roles=None):
    """Turn check outcomes into points: each track out of its maximum, the final score the better.

    With --strict the strict tier is scored the same way, apart: each graded track's strict
    points out of its maximum, and strict_score the better of them. The default score never
    depends on it.
    """
    def earned(track, tier):
        return sum(rubric.BY_ID[r["id"]].points for r in checks
                   if r["status"] == "passed" and rubric.BY_ID[r["id"]].track == track
                   and rubric.BY_ID[r["id"]].tier == tier)

    tracks = {}
    for track in rubric.TRACKS:
        if options.only and track != options.only:
            tracks[track] = {"state": "excluded", "score": 0, "max": rubric.TRACK_MAX[track]}
            continue
        state = track_state(folder, track, roles)
        tracks[track] = {"state": state, "score": earned(track, "default") if state == "graded" else 0,
                         "max": rubric.TRACK_MAX[track]}
        if options.strict:
            tracks[track]["strict"] = earned(track, "strict") if state == "graded" else 0
    for record in checks:
        entry = rubric.BY_ID[record["id"]]
        record["points"] = entry.points if record["status"] == "passed" else 0
    final = max(t["score"] for t in tracks.values())
    strict = max((t.get("strict", 0) for t in tracks.values()), default=0) if options.strict else None
    return Result(folder=str(folder), checks=checks, tracks=tracks, score=final, strict_score=strict,
                  execution_time=round(elapsed, 2),
                  grader_fault=any(r["status"] == "error" for r in checks), options=options,
                  sandbox=sandbox_facts(),
                  roles=(roles or find_roles(folder, options.roles)).to_json())
