"""macOS, and every system that is neither Linux nor Windows; also Linux when
CHATKIT_PLATFORM=portable, so the kit's own choices for macOS and Windows are tested there.

No /proc, no prctl, no pass_fds, no killpg. The child gets a new session (POSIX) or
process group (Windows), its marks go through a file it opens by name, and a tag in its
environment (CHATKIT_SANDBOX_RUN) lets the grader find the processes that left its tree:
without a subreaper an orphan of fork + setsid is nobody's descendant, but it inherited
the tag, unless it erased its environment on purpose. The harness lowers the limits that
the system has (CPU, file size, core dumps, processes when not root); there is no memory
cap, since macOS does not enforce RLIMIT_AS, and no no_new_privs.
"""
import os
import secrets
import signal
import subprocess
import sys
import threading
import time

import psutil

from grader.engine import limits
from grader.sandbox.platform._looks import (  # noqa: F401  (part of the interface)
    connections_at_rest, datagrams_at_rest, rest_in, waiting_for_input)
from grader.sandbox.platform._looks import child_args as witness_args  # noqa: F401
from grader.sandbox.platform._common import (  # the shared ones are part of the interface
    CLOSED, FOREIGN, OURS, FileMarks, Memory, Protection, children_tree, cpu_seconds, kill_pids,
    memory_and_threads, popen, port_in_use, ports_held, wait_gone)

NAME = "portable"
QUIET_BEFORE_REST = limits.PORTABLE_QUIET   # no queue can be read: time covers what is on its way
TAG = "CHATKIT_SANDBOX_RUN"
_runs: dict = {}            # root pid -> (tag value, time it started), for the children started here
_runs_lock = threading.Lock()
RUNS_KEPT = 256             # the oldest runs are forgotten past this many


def marks_channel(workdir):
    return FileMarks(workdir)


def spawn_options(marks):
    if sys.platform == "win32":
        return {"creationflags": subprocess.CREATE_NEW_PROCESS_GROUP, **marks.popen}
    return {"start_new_session": True, **marks.popen}


def child_env_extra(workdir):
    # The harness reads it, and takes the same code paths as on macOS and Windows.
    return {"CHATKIT_PLATFORM": "portable"} if sys.platform.startswith("linux") else {}


def tagged_env(env):
    """`env` with a fresh tag that the child and everything it starts inherit."""
    return {**env, TAG: secrets.token_hex(8)}


def remember(proc, env):
    """Note the tag of a child just started, so its strays can be found later."""
    with _runs_lock:
        _runs[proc.pid] = (env[TAG], time.time())
        while len(_runs) > RUNS_KEPT:
            del _runs[next(iter(_runs))]


def spawn(command, marks, env, **options):
    env = tagged_env(env)
    proc = popen(command, marks, env=env, **spawn_options(marks), **options)
    remember(proc, env)
    return proc


def rlimits(uid_drop):
    """The limits macOS enforces (RLIMIT_AS it does not): nothing on Windows."""
    if sys.platform == "win32":
        return []
    spec = [f"RLIMIT_CPU={limits.CHILD_CPU_SECONDS}", f"RLIMIT_FSIZE={limits.CHILD_FILE_BYTES}",
            "RLIMIT_CORE=0"]
    if uid_drop or not is_root():
        spec.append(f"RLIMIT_NPROC={limits.CHILD_PROCESSES}")
    return spec


def is_root():
    if sys.platform == "win32":
        return False
    return os.geteuid() == 0


# --- the tree and its end ---------------------------------------------------------------------

def tagged(pid):
    """Processes that carry the tag of `pid`'s run (or of every run started here, when
    `pid` is this process), wherever they are in the process table."""
    with _runs_lock:
        runs = list(_runs.items())
    wanted = {tag: started for root, (tag, started) in runs if pid in (root, os.getpid())}
    if not wanted:
        return []
    since = min(wanted.values()) - 1.0
    me, found = os.getpid(), []
    for proc in psutil.process_iter(["create_time"]):
        if proc.pid == me or (proc.info["create_time"] or 0) < since:
            continue
        try:
            if proc.environ().get(TAG) in wanted:
                found.append(proc.pid)
        except (psutil.NoSuchProcess, psutil.ZombieProcess, psutil.AccessDenied, OSError):
            continue
    return found


def descendants(pid):
    """Every live descendant of `pid`: its tree, and the strays that carry its tag."""
    tree = children_tree(pid)
    return tree + [other for other in tagged(pid) if other not in tree and other != pid]


def kill_tree(pid, timeout=limits.STOP_TIMEOUT):
    """Kill `pid` and every descendant found, then wait up to `timeout` for the
    descendants to end. `pid` itself is left for its Popen to reap."""
    strays = descendants(pid)
    if sys.platform != "win32":  # POSIX: its session's group too (a stray that left it has the tag)
        try:
            os.killpg(pid, signal.SIGKILL)
        except OSError:
            pass
    kill_pids([pid, *strays])
    # The run's tag is kept (up to RUNS_KEPT runs): a process forked after the look above
    # carries it too, and sweep_tagged() finds it at the end of the check.
    return wait_gone(strays, timeout)


def sweep_tagged(rounds=20):
    """Kill every process that carries the tag of any run started here, again and again
    until a look finds none (each may have forked once more before it died). The worker
    calls it after every check (grader/sandbox/child.py end_of_check). A chain that forks
    faster than the system's process table can be read may still outrun it: the report
    says so for this mode (confinement "processes": "sweep")."""
    for _ in range(rounds):
        found = tagged(os.getpid())
        if not found:
            return
        kill_pids(found)
        wait_gone(found, 0.2)


# --- who holds a port --------------------------------------------------------------------------

FOREIGN_LOOK_EVERY = 0.25   # the whole system's sockets are asked for this seldom: it is dear
_foreign_looks: dict = {}   # (pid, kind, port) -> when the system's sockets were last asked


def port_owner(kind, port, pid):
    """Who holds `port`: OURS (the process tree of `pid`), FOREIGN (another process, e.g. a
    neighbour's server handed the same number) or CLOSED (nobody yet).

    The tree's own sockets are asked at every call. The whole system's are asked at the
    first call, then at most every FOREIGN_LOOK_EVERY seconds (at once when the child has
    ended: its bind() may have failed), and only while the tree does not hold the port; where
    the system does not say (macOS, unless root), a stranger's port looks CLOSED, and the
    child's own bind() then fails and says so. A stranger sharing a port that the tree
    holds too (SO_REUSEPORT) is not seen here.

    Where the system will not list the tree's sockets (psutil on macOS raising RuntimeError
    or OSError), a port that is in use while the child runs counts as OURS (port_in_use):
    the port came from the OS a moment ago, so a stranger on it is rare, and a wait that
    never ends would cost the student a check for the system's silence."""
    unlisted: list = []
    if port in ports_held([pid, *children_tree(pid)], kind, unlisted):
        return OURS
    if unlisted and _running(pid):
        return OURS if port_in_use(kind, port) else CLOSED
    now, key = time.monotonic(), (pid, kind, port)
    last = _foreign_looks.get(key)
    if last is not None and now - last < FOREIGN_LOOK_EVERY and _running(pid):
        return CLOSED  # asked lately, and the child still runs (one that ended is asked at once)
    _foreign_looks[key] = now
    if len(_foreign_looks) > RUNS_KEPT:
        _foreign_looks.clear()
    try:
        connections = psutil.net_connections(kind=kind)
    except (psutil.AccessDenied, RuntimeError, OSError):
        return CLOSED
    for conn in connections:
        if conn.laddr and conn.laddr.port == port and (kind == "udp" or conn.status == psutil.CONN_LISTEN):
            if conn.pid is None or conn.pid != pid:
                return FOREIGN if port not in ports_held([pid, *children_tree(pid)], kind) else OURS
    return CLOSED


def _running(pid):
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.Error:
        return False


def guard_this_process():
    """Linux run as portable: make this process non-dumpable, as the Linux layer does, so a
    process of the same user without capabilities (the harness drops them on Linux in
    every mode) can neither open our pipes through /proc/PID/fd nor read our memory. macOS
    has no /proc to open another process's pipes by; a same-user process there (and on
    Windows, by duplicating a handle) could read the events pipe, which is why events are
    signed with a key that never travels (grader/engine/worker.py sign())."""
    if sys.platform.startswith("linux"):
        import ctypes
        from grader.sandbox.constants import PR_SET_DUMPABLE
        try:
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_DUMPABLE, 0, 0, 0, 0)
        except (OSError, AttributeError):
            pass


def timeout_method():
    # macOS has SIGALRM: a check's bound is an alarm there (start_alarm). Windows has not: a
    # timer thread interrupts the check (grader/engine/worker.py), which is what Linux tests here.
    return "signal" if sys.platform == "darwin" else "thread"


if sys.platform == "darwin":   # SIGALRM rings on macOS: the alarm, as on Linux
    from grader.sandbox.platform._common import alarm as start_alarm  # noqa: F401


def protections(uid_drop):
    posix = sys.platform != "win32"
    root = is_root()
    facts = [Protection("cpu_limit", posix), Protection("memory_cap", False),
             Protection("file_size_cap", posix), Protection("process_cap", posix and (uid_drop or not root)),
             Protection("no_new_privs", sys.platform.startswith("linux")),  # the harness sets it there
             Protection("orphans_caught", False)]
    return facts  # whom the code runs as: sandbox.sandbox_user_status() says it

