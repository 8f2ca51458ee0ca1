"""Run a student's module in a child process the grader fully controls.

Each scenario gets a fresh child: a private copy of the submission as its working
directory, a scrubbed environment, resource limits, its own process group, stdin closed
unless a client is being driven, and stdout/stderr drained continuously into capped
buffers so a flood can neither stall nor bloat the grader. Stopping a child kills its
whole process group and every descendant still found.

The grader learns whether the child is ready from the sockets its process tree holds
(psutil, on every platform), not from what the child says. What differs between Linux,
macOS and Windows lives in grader/sandbox/platform/.

Nothing the child does can reach the score (Linux):
  * where a probe shows that an unprivileged user (CHATKIT_SANDBOX_USER, default "nobody")
    can run this Python and read the kit, as on Gradescope, a grader running as root
    starts the child as that user: it can then neither signal, trace nor write to the
    grader, nor change the kit's files, and RLIMIT_NPROC bounds its processes;
  * otherwise the child keeps the grader's user, and the harness drops every capability
    before the student's code runs, while every process that imports this module marks
    itself non-dumpable: a process of the same user without capabilities can then
    neither open this one's pipes through /proc/PID/fd (where the worker's results
    travel) nor read its memory. It could still signal the grader (which only loses
    checks, shown as the grader's fault) or write the user's files;
  * when the scenario ends, the child's process group, its descendants, and every orphan
    that a worker adopted as the child subreaper (grader/worker.py) are killed.
"""
import functools
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

try:
    import pwd
except ImportError:  # not on Windows
    pwd = None  # type: ignore[assignment]

# grader/sandbox/ is a package after the layout move; until then this module lends it its
# path, so that grader.sandbox.platform imports. (Delete this line once sandbox/ has __init__.py.)
__path__ = [os.path.splitext(__file__)[0]]

from grader import limits  # noqa: E402
from grader.confinement import child_args as confinement_args  # noqa: E402
from grader.engine.shapes import entry_for, explain_start  # noqa: E402
from grader.peers import Actor, StartFailure  # noqa: E402
from grader.sandbox import platform  # noqa: E402

HARNESS = Path(__file__).resolve().with_name("harness.py")
KIT_ROOT = Path(__file__).resolve().parents[1]
COPY_SKIP = {".git", "__pycache__", ".venv", "venv", "node_modules", ".pytest_cache"}
COPY_MAX_BYTES = 10 * 1024 * 1024
PYTHON = sys.executable          # what runs the student's code (the tests try another one)
MARKS_CAP = 64                   # progress marks kept from one child: they are only hints

# Linux: this grading process becomes non-dumpable, so a process of the same user without
# capabilities (the student's, see harness.drop_privileges) can neither open our pipes
# through /proc/PID/fd nor read our memory. On import, so the runner and every worker are covered.
platform.guard_this_process()


# What the harness needs, tried step by step as the unprivileged user; prints the step it failed at.
PROBE = """
import os, sys
step = "kit"
try:
    sys.path.append(sys.argv[1])
    import socket, threading, chatkit.protocol
    step = "harness"
    open(sys.argv[2]).close()
    step = "copy"
    os.chdir(sys.argv[3])
    os.listdir(".")
except BaseException:
    print(step)
    raise SystemExit(1)
"""


@dataclass(frozen=True)
class SandboxUser:
    """Whom the student's code runs as: `owner` is (uid, gid) of an unprivileged user, or
    None when the child keeps the grader's own user; `why` is a messages id that says why
    (shown once in the report), `name` and `path` fill it in."""
    owner: tuple = None
    why: str = ""
    name: str = ""
    path: str = ""


@functools.lru_cache(maxsize=None)
def sandbox_user_status():
    """Decide once per process whether children can run as an unprivileged user.

    Only a grader running as root can switch users, and only to one that can run this
    Python, read the kit and enter the private copies (here a pyenv under /root, mode 0700,
    cannot; Gradescope's /usr Python can; a kit cloned into a 0700 folder cannot): a probe
    child started as that user must do all of it, and says which step it could not do.
    """
    if sys.platform == "win32" or pwd is None:
        return SandboxUser(why="sandbox.user.no_users")
    if not platform.is_root():
        return SandboxUser(why="sandbox.user.not_root")
    name = os.environ.get("CHATKIT_SANDBOX_USER", "nobody")
    try:
        entry = pwd.getpwnam(name) if name else None
    except KeyError:
        entry = None
    if entry is None or entry.pw_uid == 0:
        return SandboxUser(why="sandbox.user.no_such_user", name=name or "-")
    trial = Path(tempfile.mkdtemp(prefix="chatkit-probe-"))
    try:
        hand_over(trial, (entry.pw_uid, entry.pw_gid))
        probe = subprocess.run([PYTHON, "-I", "-S", "-c", PROBE, str(KIT_ROOT), str(HARNESS), str(trial)],
                               user=entry.pw_uid, group=entry.pw_gid, extra_groups=[], cwd="/",
                               env={"PATH": os.defpath}, stdin=subprocess.DEVNULL,
                               capture_output=True, text=True, timeout=20)
    except PermissionError:
        return SandboxUser(why="sandbox.user.python", name=name, path=os.path.realpath(PYTHON))
    except (OSError, subprocess.SubprocessError):
        return SandboxUser(why="sandbox.user.probe_failed", name=name, path=PYTHON)
    finally:
        shutil.rmtree(trial, ignore_errors=True)
    if probe.returncode == 0:
        return SandboxUser(owner=(entry.pw_uid, entry.pw_gid), why="sandbox.user.dropped", name=name)
    step = probe.stdout.strip().splitlines()[-1:] or [""]
    where = {"kit": ("sandbox.user.kit", KIT_ROOT), "harness": ("sandbox.user.kit", KIT_ROOT),
             "copy": ("sandbox.user.copy", Path(tempfile.gettempdir()))}.get(step[0])
    if where is None:  # the interpreter itself did not start for that user
        return SandboxUser(why="sandbox.user.python", name=name, path=os.path.realpath(PYTHON))
    return SandboxUser(why=where[0], name=name, path=str(where[1]))


def sandbox_user():
    """(uid, gid) of the unprivileged user to run students' code as, or None to keep ours."""
    return sandbox_user_status().owner


def hand_over(workdir, owner):
    """Give the private copy of the submission to the user the child runs as."""
    if sys.platform == "win32":
        return  # sandbox_user() is None there
    uid, gid = owner
    for root, dirs, files in os.walk(workdir):
        for name in (root, *(os.path.join(root, entry) for entry in dirs + files)):
            os.chown(name, uid, gid, follow_symlinks=False)


class CappedBuffer:
    """Keep the first and the last part of a byte stream, and count the rest."""

    def __init__(self, cap=limits.OUTPUT_CAP):
        self.head = bytearray()
        self.tail = bytearray()
        self.total = 0
        self.cap = cap
        self.lock = threading.Lock()

    def add(self, data):
        with self.lock:
            self.total += len(data)
            room = self.cap // 2 - len(self.head)
            if room > 0:
                self.head += data[:room]
                data = data[room:]
            if data:
                self.tail += data
                del self.tail[: max(0, len(self.tail) - self.cap // 2)]

    def text(self):
        with self.lock:
            skipped = self.total - len(self.head) - len(self.tail)
            middle = f"\n… [{skipped} bytes skipped] …\n".encode() if skipped > 0 else b""
            return bytes(self.head + middle + self.tail).decode("utf-8", "replace")


def copy_submission(folder):
    """Copy a submission into a fresh temporary directory; return the directory."""
    workdir = Path(tempfile.mkdtemp(prefix="chatkit-run-"))
    budget = COPY_MAX_BYTES
    for entry in sorted(Path(folder).iterdir()):
        if entry.name in COPY_SKIP or entry.is_symlink():
            continue
        if entry.is_file():
            size = entry.stat().st_size
            if size > budget:
                continue
            budget -= size
            shutil.copyfile(entry, workdir / entry.name)
        elif entry.is_dir():
            shutil.copytree(entry, workdir / entry.name, symlinks=False,
                            ignore=shutil.ignore_patterns(*COPY_SKIP), dirs_exist_ok=True)
    return workdir


descendants = platform.descendants    # every live descendant, also those that left the group
ports_of = platform.ports_held        # the ports a process tree listens on / is bound to
cpu_seconds = platform.cpu_seconds    # CPU seconds used, or None
port_owner = platform.port_owner      # OURS / FOREIGN / CLOSED: who holds a port
OURS, FOREIGN, CLOSED = platform.OURS, platform.FOREIGN, platform.CLOSED
HAVE_PROC_NET = os.path.exists("/proc/net/tcp")  # for tests/test_readiness only: the grader no longer asks


class PortTaken(Exception):
    """The port handed to the child is held by another process: start again on another."""


class Child:
    """One student module running in its own sandboxed process."""

    live: set = set()              # pids of the Child processes started here and not yet stopped
    spawn_lock = threading.Lock()  # no sweep for orphans while a Child is being born

    def __init__(self, scenario, folder, module, port, host="127.0.0.1", stdin=False, output_name=None,
                 transport=None):
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
        self.output = Actor(output_name, scenario) if output_name else None
        if self.output is not None:
            self.output.role_ru, self.output.role_en = "то, что он печатает", "what it prints"
        marks = platform.marks_channel(self.workdir)
        env = {"PATH": os.defpath, "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "MALLOC_ARENA_MAX": "2",
               "HOME": str(self.workdir), "TMPDIR": str(self.workdir),
               **platform.child_env_extra(self.workdir)}
        owner = sandbox_user()
        switch: dict = {}
        # How the module is started (main(host, port), main(), the __main__ block, ...): see
        # grader/engine/shapes.py; the child redirects its addresses to `port` whatever it is.
        self.entry = entry_for(self.workdir / module, self.role, transport)
        command = [PYTHON, "-I", "-S", "-u", "-X", "utf8", str(HARNESS), module.removesuffix(".py"),
                   host, str(port), marks.arg, str(KIT_ROOT), *platform.rlimits(owner is not None),
                   "launch=" + json.dumps(self.entry.spec), *confinement_args()]
        try:
            if owner is not None:
                hand_over(self.workdir, owner)
                switch = {"user": owner[0], "group": owner[1], "extra_groups": []}
            with Child.spawn_lock:
                self.proc = platform.spawn(
                    command, marks, cwd=self.workdir, env=env,
                    stdin=subprocess.PIPE if stdin else subprocess.DEVNULL,
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
            self._drain(self.proc.stdout, self._on_stdout, "stdout"),
            self._drain(self.proc.stderr, self.stderr.add, "stderr"),
            self._drain(marks.reader(self.exited), self._on_mark, "marks"),
        ]

    # --- output ---------------------------------------------------------------------
    def _drain(self, pipe, sink, what):
        def pump():
            with pipe:
                while True:
                    try:
                        data = pipe.read1(65536) if hasattr(pipe, "read1") else pipe.read(65536)
                    except (OSError, ValueError):
                        return
                    if not data:
                        return
                    sink(data)
        thread = threading.Thread(target=pump, name=f"drain-{self.module}-{what}", daemon=True)
        thread.start()
        return thread

    def _on_stdout(self, data):
        self.stdout.add(data)
        if self.output is not None:
            self.output.log("print", data.decode("utf-8", "replace"))
            self.output.stream.feed(data)

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
            state = port_owner(kind, self.port, self.proc.pid)
            if state == OURS:
                break
            if state == FOREIGN:
                raise PortTaken(self.port)
            wrong_port = False
            if time.monotonic() > next_look:  # listening elsewhere is never going to fix itself
                next_look = time.monotonic() + 0.25
                wrong_port = bool(self.other_ports(kind))
            if wrong_port or self.exited() or time.monotonic() > deadline:
                if not self.exited() and port_owner(kind, self.port, self.proc.pid) == OURS:
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
        return [p for p in ports_of([self.proc.pid, *descendants(self.proc.pid)], kind) if p != self.port]

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
        return "сервер" if self.scenario.lang == "ru" else "server"

    def last_error(self):
        """The last line of a traceback on stderr, if any."""
        lines = [line for line in self.stderr.text().splitlines() if line.strip()]
        for line in reversed(lines):
            if line[:1] not in (" ", "\t") and ("Error" in line or "Exception" in line or ":" in line):
                return line.strip()
        return lines[-1].strip() if lines else ""

    def describe_exit(self, lang):
        code = self.proc.poll()
        error = self.last_error()
        if lang == "ru":
            text = f"процесс завершился (код {code})"
            return text + (f": {error}" if error else "")
        text = f"the process exited (code {code})"
        return text + (f": {error}" if error else "")

    def describe_start_failure(self, kind, lang):
        """Say, in one sentence, why the module never became ready."""
        ru = lang == "ru"
        plain = explain_start(self.module, self.marks, self.stderr.text(), lang, self.role)
        if plain:
            return plain
        marks, error, code = self.marks, self.last_error(), self.proc.poll()
        waited = time.monotonic() - self.started
        if "import-failed" in marks or (code is not None and "imported" not in marks and error):
            if "SyntaxError" in error or "IndentationError" in error:
                return (f"в {self.module} синтаксическая ошибка: {error}" if ru
                        else f"{self.module} has a syntax error: {error}")
            return (f"{self.module} не импортируется: {error}" if ru
                    else f"{self.module} fails to import: {error}")
        if "no-main" in marks:
            return (f"в {self.module} нет функции main(host, port)" if ru
                    else f"{self.module} has no main(host, port) function")
        if code is not None:
            server = self.role == "server"
            how = ("main() вызвала sys.exit()" if "exited" in marks else
                   f"main() упала: {error}" if any(m.startswith("raised") for m in marks) else
                   ("main() вернулась, не запустив сервер" if server else "main() сразу вернулась")
                   if "returned" in marks else "процесс завершился сам (os._exit?)")
            how_en = ("main() called sys.exit()" if "exited" in marks else
                      f"main() crashed: {error}" if any(m.startswith("raised") for m in marks) else
                      ("main() returned without starting a server" if server else "main() returned at once")
                      if "returned" in marks else "the process ended by itself (os._exit?)")
            if not server:
                return (f"клиент завершился (код {code}), не начав работу: {how}" if ru
                        else f"the client exited (code {code}) before doing anything: {how_en}")
            return (f"сервер завершился (код {code}) и не открыл порт: {how}" if ru
                    else f"the server exited (code {code}) without opening its port: {how_en}")
        if "imported" not in marks:
            return (f"импорт {self.module} не закончился за {waited:.0f} с: код на верхнем уровне модуля "
                    f"зависает (бесконечный цикл, accept() или input() вне функций?)" if ru else
                    f"importing {self.module} did not finish in {waited:.0f} s: top-level code hangs "
                    f"(an endless loop, accept() or input() outside functions?)")
        elsewhere = self.other_ports(kind)
        if elsewhere:
            where = ", ".join(map(str, elsewhere))
            return (f"сервер слушает порт {where}, а не {self.port}, переданный в main(host, port): "
                    f"используйте аргумент port" if ru else
                    f"the server listens on port {where}, not on {self.port} given to main(host, port): "
                    f"use the port argument")
        if any(m.startswith("raised") for m in marks):
            return (f"main() упала, не открыв порт: {error}" if ru
                    else f"main() crashed before opening the port: {error}")
        cpu = cpu_seconds(self.proc.pid)
        if cpu is not None and cpu > 0.6 * waited:
            return (f"порт {self.port} не открылся за {waited:.0f} с, а процесс всё это время занимал "
                    f"процессор: похоже на бесконечный цикл" if ru else
                    f"port {self.port} did not open in {waited:.0f} s while the process kept the CPU "
                    f"busy: an endless loop?")
        return (f"порт {self.port} не открылся за {waited:.0f} с: main() запущена, но не вызвала "
                f"bind() и listen() на переданном адресе" if ru else
                f"port {self.port} did not open in {waited:.0f} s: main() runs but never bound and "
                f"listened on the given address")

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
