"""The Child: one student module running in its own sandboxed process.

Each scenario gets a fresh child: a private copy of the submission as its working
directory (workdir.py), a scrubbed environment, resource limits and dropped privileges
(applied by harness.py before the student's code runs), its own process group, stdin
open (a client's typed into, a server's silent), and stdout/stderr drained into capped buffers
(capture.py). Stopping a child kills its whole process group and every descendant still
found, and the orphans this process adopted as a subreaper.
"""
import json
import os
import shutil
import subprocess
import threading
import time

from grader.errors import StartFailure
from grader.engine import limits
from grader.engine.shapes import entry_for
from grader.messages import say
from grader.sandbox import constants, diagnosis, platform, runtime
from grader.sandbox.confinement import child_args as confinement_args
from grader.sandbox.capture import CappedBuffer, drain as start_drain
from grader.sandbox.constants import MARKS_CAP
from grader.sandbox.platform import CLOSED, FOREIGN, OURS  # noqa: F401  (who holds a port)
from grader.sandbox.privileges import guard_this_process, hand_over, sandbox_user
from grader.sandbox.workdir import copy_submission


class PortTaken(Exception):
    """The port handed to the child is held by another process: start again on another."""


class Child:
    """One student module running in its own sandboxed process."""

    live: set = set()              # pids of the Child processes started here and not yet stopped
    spawn_lock = threading.Lock()  # no sweep for orphans while a Child is being born

    def __init__(self, scenario, folder, module, port, host="127.0.0.1", stdin=False, output=None,
                 transport=None, memory_bytes=None):
        """`output`: where what the child prints and what it is typed goes, when someone
        watches it (a client): an actor of the chat's transcript (grader.chat.peers.Actor,
        made by the caller), with .stream (decode, add) and .log(kind, text)."""
        guard_this_process()   # before any student code runs: see privileges.guard_this_process
        self.scenario = scenario
        self.module = module
        self.port = port
        self.role = "client" if stdin else "server"
        self.started = time.monotonic()
        self.ready_after = None
        self.workdir = copy_submission(folder)
        self.stdout = CappedBuffer()
        self.stderr = CappedBuffer()
        self.marks = []
        self.reading = ""          # lenient: how a submission that keeps names elsewhere was read
        self.output = output
        marks = platform.marks_channel(self.workdir)
        env = {"PATH": os.defpath, "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "MALLOC_ARENA_MAX": "2",
               "HOME": str(self.workdir), "TMPDIR": str(self.workdir),
               **platform.child_env_extra(self.workdir)}
        owner = sandbox_user()
        switch: dict = {}
        rlimits = [f"RLIMIT_AS={memory_bytes}" if memory_bytes and limit.startswith("RLIMIT_AS=") else limit
                   for limit in platform.rlimits(owner is not None)]
        # How the module is started (main(host, port), main(), the __main__ block, ...): see
        # grader/engine/shapes.py; the child redirects its addresses to `port` whatever it is.
        self.entry = entry_for(self.workdir / module, self.role, transport)
        # -I -S: the interpreter's sys.path is the standard library alone until the harness
        # has confined the process (grader/sandbox/harness.py); it runs from the child's own
        # read-only copy of the kit's files (runtime.py), never from the kit.
        command = [platform.PYTHON, "-I", "-S", "-B", "-u", "-X", "utf8", str(runtime.harness()),
                   module.removesuffix(".py"), host, str(port), marks.arg, str(runtime.kit()), *rlimits,
                   *platform.witness_args(), "launch=" + json.dumps(self.entry.spec), *confinement_args()]
        try:
            if owner is not None:
                hand_over(self.workdir, owner)
                switch = {"user": owner[0], "group": owner[1], "extra_groups": []}
            with Child.spawn_lock:
                self.proc = platform.spawn(
                    command, marks, cwd=self.workdir, env=env,
                    stdin=subprocess.PIPE,   # a server's stays open and silent: see launch.install_console
                    stdout=subprocess.PIPE, stderr=subprocess.PIPE, **switch)
                Child.live.add(self.proc.pid)
        except BaseException:
            marks.abandon()
            shutil.rmtree(self.workdir, ignore_errors=True)  # no child, so no stop() to remove it
            raise
        finally:
            marks.spawned()
        scenario.processes.append(self)
        scenario.cleanups.append(self.stop)
        self._drains = [
            start_drain(self.proc.stdout, self._on_stdout, f"drain-{module}-stdout"),
            start_drain(self.proc.stderr, self.stderr.add, f"drain-{module}-stderr"),
            start_drain(marks.reader(self.exited), self._on_mark, f"drain-{module}-marks"),
        ]

    # --- output ---------------------------------------------------------------------
    def _on_stdout(self, data):
        self.stdout.add(data)
        if self.output is not None:
            text = self.output.stream.decode(data)   # a character cut between two writes, shown whole
            self.output.log("print", text)
            self.output.stream.add(text, len(data))

    def _on_mark(self, data):
        if len(self.marks) < MARKS_CAP:  # the student's code may write here too: keep a few
            self.marks.extend(data[:4096].decode("ascii", "replace").split()[:MARKS_CAP - len(self.marks)])

    def type(self, line):
        """Write one line to the child's stdin, as a user typing it."""
        if self.output is not None:
            self.output.log("type", line)
        try:
            self.proc.stdin.write((line + "\n").encode("utf-8"))
            self.proc.stdin.flush()
        except (OSError, ValueError):
            pass  # the client has already exited; the expectations will say so

    def end_input(self):
        """Close stdin: the user pressed Ctrl-D."""
        if self.output is not None:
            self.output.log("type", "^D")
        try:
            self.proc.stdin.close()
        except (OSError, ValueError):
            pass

    # --- state ----------------------------------------------------------------------
    def imported(self):
        """Did the harness report the module imported? (A hint: marks decide no score.)"""
        return constants.MARK_IMPORTED in self.marks

    def exited(self):
        return self.proc.poll() is not None

    def wait_exit(self, timeout):
        try:
            self.proc.wait(timeout)
            return True
        except subprocess.TimeoutExpired:
            return False

    def wait_ready(self, kind, timeout=limits.READY_TIMEOUT):
        """Wait until the child's own process tree listens on its port (TCP) or is bound to
        it (UDP); fail with a diagnosis if it never does.

        Only the child's own socket counts: a port that another process holds (a
        neighbour's server that was handed the same number) raises PortTaken, so the
        caller starts again on another port instead of talking to a stranger. The time it
        took is kept in `ready_after`."""
        deadline = time.monotonic() + timeout
        next_look = time.monotonic() + 0.5
        while True:
            state = platform.port_owner(kind, self.port, self.proc.pid)
            if state == OURS:
                break
            if state == FOREIGN:
                raise PortTaken(self.port)
            wrong_port = False
            if time.monotonic() > next_look:  # listening elsewhere is never going to fix itself
                next_look = time.monotonic() + 0.25
                wrong_port = bool(self.other_ports(kind))
            if wrong_port or self.exited() or time.monotonic() > deadline:
                if not self.exited() and platform.port_owner(kind, self.port, self.proc.pid) == OURS:
                    break  # it opened just now
                # Give the drains a moment to collect the last words (a traceback).
                self.finish_output(0.5 if self.exited() else 0.05)
                raise StartFailure(self.describe_start_failure(kind, self.scenario.lang))
            # A bounded poll of the kernel's socket table: often at first, when most servers
            # get ready, then less, since reading the table costs the machine's time too.
            time.sleep(0.005 if time.monotonic() - self.started < 0.5 else 0.02)
        self.ready_after = time.monotonic() - self.started
        self.scenario.log(self.label(), "ready", str(self.port))

    def other_ports(self, kind):
        """Ports other than the one it was given that the child's process tree listens on."""
        tree = [self.proc.pid, *platform.descendants(self.proc.pid)]
        return [p for p in platform.ports_held(tree, kind) if p != self.port]

    def finish_output(self, timeout):
        """Wait up to `timeout` for the child's stderr and marks to be read to the end."""
        for drain in self._drains[1:]:
            drain.join(timeout)

    def discard(self):
        """Stop the child and strike it from its scenario: it was started on a port that
        turned out to be taken, and is not part of the student's story."""
        self.stop()
        if self in self.scenario.processes:
            self.scenario.processes.remove(self)
        if self.stop in self.scenario.cleanups:
            self.scenario.cleanups.remove(self.stop)

    def label(self):
        return say("chat.actor.server", self.scenario.lang)

    def last_error(self):
        """The last line of a traceback on stderr, if any."""
        return diagnosis.last_error(self.stderr.text())

    def describe_exit(self, lang):
        return diagnosis.describe_exit(self, lang)

    def describe_start_failure(self, kind, lang):
        """Say, in one sentence, why the module never became ready (see diagnosis.py)."""
        return diagnosis.describe_start_failure(self, kind, lang)

    def stop(self):
        """Kill the child, its process group, any descendant that left the group, and the
        orphans this process adopted as a subreaper."""
        platform.kill_tree(self.proc.pid, limits.STOP_TIMEOUT)
        try:
            self.proc.wait(limits.STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            pass
        Child.live.discard(self.proc.pid)
        sweep_orphans()
        for drain in self._drains:
            drain.join(0.2)
        if self.proc.stdin:
            try:
                self.proc.stdin.close()
            except OSError:
                pass
        shutil.rmtree(self.workdir, ignore_errors=True)


def end_of_check():
    """Kill every process the check started that is still alive. In the worker's own PID
    namespace (grader/sandbox/netns.py) that is one kill(-1), which no fork can outrun;
    elsewhere the orphans the platform finds, round after round. The worker calls it after
    every check."""
    for sweep in (getattr(platform, "kill_namespace", None), getattr(platform, "sweep_tagged", None)):
        if sweep is not None:
            sweep()
    sweep_orphans()


def sweep_orphans(rounds=50):
    """Kill and reap every child of this process that is no live Child: in a subreaper (the
    worker, which starts no other processes; Linux only) those are orphans a student's
    process left behind, e.g. by fork + setsid + fork. Repeated until none is left, since
    an orphan may have forked once more before it died."""
    is_subreaper, orphans = getattr(platform, "is_subreaper", None), getattr(platform, "orphans", None)
    if is_subreaper is None or orphans is None or not is_subreaper():
        return
    for _ in range(rounds):
        with Child.spawn_lock:
            found = orphans(Child.live)
            for pid in found:
                platform.kill_tree(pid, 0)
        if not found:
            return
        platform.wait_gone(found, limits.STOP_TIMEOUT)  # reap them: they are not Popen's
