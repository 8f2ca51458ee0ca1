"""Linux: every protection the sandbox has.

The child starts in a session of its own (killed as a group), gets its marks pipe by
number (pass_fds), and its harness lowers the resource limits (CPU, address space, file
size, core dumps, processes) and sets no_new_privs, dropping every capability as root.
The grading processes mark themselves non-dumpable, and a worker becomes the child
subreaper, so an orphan that left the session by fork + setsid is adopted and killed.
"""
import ctypes
import os
import signal
import sys

import psutil

from grader.engine import limits
from grader.sandbox.platform._common import (
    CLOSED, FOREIGN, OURS, Memory, PipeMarks, Protection, children_tree, cpu_seconds, kill_pids, popen, ports_held,
    wait_gone)

assert sys.platform.startswith("linux"), "Linux only"  # mypy, too, reads the rest for Linux only

NAME = "linux"
from grader.sandbox.constants import PR_GET_CHILD_SUBREAPER, PR_SET_CHILD_SUBREAPER, PR_SET_DUMPABLE  # noqa: E402
from grader.sandbox.platform._common import alarm as start_alarm  # noqa: E402,F401  (SIGALRM rings here)


def _libc():
    try:
        return ctypes.CDLL(None, use_errno=True)
    except (OSError, TypeError):
        return None


def _prctl(*args):
    libc = _libc()
    return -1 if libc is None else libc.prctl(*args)


# --- starting a child -------------------------------------------------------------------------

def marks_channel(workdir):
    return PipeMarks(workdir)


def spawn_options(marks):
    """Popen options: a session (so a process group) of its own, and the marks pipe."""
    return {"start_new_session": True, **marks.popen}


def spawn(command, marks, **options):
    return popen(command, marks, start_new_session=True, **options)


def child_env_extra(workdir):
    return {}


def rlimits(uid_drop):
    """The harness's resource limits, as NAME=value arguments."""
    spec = [f"RLIMIT_CPU={limits.CHILD_CPU_SECONDS}", f"RLIMIT_AS={limits.CHILD_MEMORY_BYTES}",
            f"RLIMIT_FSIZE={limits.CHILD_FILE_BYTES}", "RLIMIT_CORE=0"]
    if uid_drop or not is_root():  # root's RLIMIT_NPROC is not enforced: it would mislead
        spec.append(f"RLIMIT_NPROC={limits.CHILD_PROCESSES}")
    return spec


def is_root():
    return os.geteuid() == 0


# --- the tree and its end ---------------------------------------------------------------------

def descendants(pid):
    """Every live descendant of `pid`, whichever group or session it moved to."""
    return children_tree(pid)


def kill_tree(pid, timeout=limits.STOP_TIMEOUT):
    """Kill `pid`'s process group, `pid` and every descendant found, then wait up to
    `timeout` for the descendants to end. `pid` itself is left for its Popen to reap."""
    strays = descendants(pid)
    try:
        os.killpg(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    kill_pids([pid, *strays])
    return wait_gone(strays, timeout)


def memory_and_threads(pid):
    """RSS and thread count from psutil; the peak is the kernel's own (VmHWM)."""
    try:
        proc = psutil.Process(pid)
        with proc.oneshot():
            rss, threads = proc.memory_info().rss, proc.num_threads()
    except (psutil.NoSuchProcess, psutil.ZombieProcess, psutil.AccessDenied):
        return None
    peak = None
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    peak = int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return Memory(rss, peak, threads)


# --- the grading process itself ---------------------------------------------------------------

def guard_this_process():
    """Make this process non-dumpable: a process of the same user without capabilities
    then can neither open our pipes through /proc/PID/fd nor read our memory."""
    _prctl(PR_SET_DUMPABLE, 0, 0, 0, 0)


def in_own_pid_namespace():
    """Is this the worker of a PID namespace of its own (grader/sandbox/netns.py)?"""
    from grader.sandbox import netns  # here: the platform layer is imported by netns's users
    return not netns.pid_state()


def make_subreaper():
    """Adopt the orphans of our descendants (a worker: see sandbox.sweep_orphans); not in a
    PID namespace of our own, whose init adopts and reaps them (and kill_namespace() kills)."""
    if in_own_pid_namespace():
        return False
    return _prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0


def is_subreaper():
    libc = _libc()
    if libc is None:
        return False
    flag = ctypes.c_int(0)
    return libc.prctl(PR_GET_CHILD_SUBREAPER, ctypes.byref(flag), 0, 0, 0) == 0 and flag.value == 1


def orphans(live):
    """Children of this process that are not in `live`: in a subreaper that starts no
    other processes, orphans that a student's process left behind."""
    try:
        children = psutil.Process().children()
    except psutil.Error:
        return []
    return [child.pid for child in children if child.pid not in live]


def kill_namespace():
    """Kill every other process of this worker's own PID namespace at once (kill(-1);
    grader/sandbox/netns.py): the kernel signals them all, but the namespace's init and
    this process, in one pass that no fork can outrun. False, and nothing done, where this
    worker has no such namespace."""
    if not in_own_pid_namespace():
        return False
    try:
        os.kill(-1, signal.SIGKILL)
    except ProcessLookupError:
        pass  # nobody else is left
    return True


def udp_drops(ports):
    """Datagrams the kernel dropped at the full receive buffers of the UDP sockets on
    `ports` (the last column of /proc/net/udp), or None if there is no such socket."""
    ports, total, found = set(ports), 0, False
    for suffix in ("", "6"):
        try:
            with open(f"/proc/net/udp{suffix}") as table:
                next(table)
                for line in table:
                    fields = line.split()
                    if int(fields[1].rsplit(":", 1)[1], 16) in ports:
                        total += int(fields[-1])
                        found = True
        except (OSError, StopIteration, ValueError, IndexError):
            continue
    return total if found else None


# --- who holds a port: the kernel's socket tables ---------------------------------------------

LISTEN = "0A"


def _proc_entries(kind):
    """Yield (local_port, state, inode) for every socket of `kind` ("tcp"/"udp") on this host."""
    for suffix in ("", "6"):
        try:
            with open(f"/proc/net/{kind}{suffix}") as table:
                next(table)
                for line in table:
                    fields = line.split()
                    yield int(fields[1].rsplit(":", 1)[1], 16), fields[3], fields[9]
        except (OSError, StopIteration, ValueError, IndexError):
            continue


def sockets_on(kind, port):
    """Inodes of the sockets listening on TCP `port` or bound to UDP `port`, whoever holds them."""
    return {inode for p, state, inode in _proc_entries(kind) if p == port and (kind == "udp" or state == LISTEN)}


def socket_inodes(pids):
    """Inodes of every socket the processes `pids` hold open."""
    inodes = set()
    for pid in pids:
        try:
            for fd in os.listdir(f"/proc/{pid}/fd"):
                link = os.readlink(f"/proc/{pid}/fd/{fd}")
                if link.startswith("socket:["):
                    inodes.add(link[8:-1])
        except OSError:
            continue
    return inodes


def port_owner(kind, port, pid):
    """Who holds `port`: OURS (only the process tree of `pid`), FOREIGN (some other process
    too, e.g. a neighbour's server handed the same number) or CLOSED (nobody yet).

    The sockets on the port are read before the tree's descriptors: a socket the child
    creates in between is already among its descriptors by then, so it is never taken for
    a stranger's."""
    on_port = sockets_on(kind, port)
    if not on_port:
        return CLOSED
    strangers = on_port - socket_inodes([pid, *descendants(pid)])
    if strangers and strangers & sockets_on(kind, port):  # still there: not one that just closed
        return FOREIGN
    return OURS


def timeout_method():
    return "signal" if hasattr(signal, "SIGALRM") else "thread"


def protections(uid_drop):
    root = is_root()
    facts = [Protection("cpu_limit", True), Protection("memory_cap", True),
             Protection("file_size_cap", True), Protection("process_cap", uid_drop or not root),
             Protection("no_new_privs", True),
             Protection("orphans_caught", True)]
    return facts  # whom the code runs as: sandbox.sandbox_user_status() says it
