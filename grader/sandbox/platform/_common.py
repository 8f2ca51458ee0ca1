"""What every platform shares: psutil's view of processes and their sockets, and the two
ways the harness's progress marks reach the grader.

Nothing here reads /proc or calls prctl itself: psutil does what it does on each system.
"""
import errno
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from typing import Callable, Iterable, NamedTuple, Optional

import psutil

GONE = (psutil.NoSuchProcess, psutil.ZombieProcess, psutil.AccessDenied)
ENDED = (psutil.NoSuchProcess, psutil.ZombieProcess)
# A live process whose sockets the system will not list: AccessDenied, and on macOS also
# RuntimeError or OSError from psutil (a process that changes while it is read, a libproc
# error). Never the submission's fault, never the grader's: the port is asked another way.
UNLISTED = (psutil.AccessDenied, RuntimeError, OSError)
MARKS_POLL = 0.01   # a marks file is looked at this often while its child lives


class Memory(NamedTuple):
    """One process's memory and threads, in bytes and threads."""
    rss: int                # resident now
    peak: Optional[int]     # the system's own record of the peak, where it keeps one
    threads: int


class Protection(NamedTuple):
    """One protection the sandbox can give a student's code, and whether it does here."""
    id: str        # "memory_cap", ...: the message "platform.<id>" names it
    given: bool


# --- process tree ---------------------------------------------------------------------------

def children_tree(pid: int) -> list:
    """Pids of every live descendant of `pid` that is still linked to it by parenthood."""
    try:
        return [child.pid for child in psutil.Process(pid).children(recursive=True)]
    except GONE:
        return []


def kill_pids(pids: Iterable[int]) -> None:
    """Kill each process at once (SIGKILL, TerminateProcess); the gone are ignored."""
    for pid in pids:
        try:
            psutil.Process(pid).kill()
        except GONE:
            pass


def wait_gone(pids: Iterable[int], timeout: float) -> list:
    """Wait until every process in `pids` has ended (reaping those that are our children);
    return the pids still alive at the timeout."""
    procs = []
    for pid in pids:
        try:
            procs.append(psutil.Process(pid))
        except GONE:
            pass
    _, alive = psutil.wait_procs(procs, timeout=timeout)
    return [proc.pid for proc in alive]


# --- what a process uses ------------------------------------------------------------------

def cpu_seconds(pid: int) -> Optional[float]:
    """CPU time (user + system) the process has used, or None when it cannot be known."""
    try:
        times = psutil.Process(pid).cpu_times()
    except GONE:
        return None
    return times.user + times.system


def memory_and_threads(pid: int) -> Optional[Memory]:
    """Resident memory and thread count of one process, or None when it is gone."""
    try:
        proc = psutil.Process(pid)
        with proc.oneshot():
            info = proc.memory_info()
            threads = proc.num_threads()
    except GONE:
        return None
    return Memory(info.rss, getattr(info, "peak_wset", None), threads)


# --- sockets ------------------------------------------------------------------------------

OURS, FOREIGN, CLOSED = "ours", "foreign", "closed"   # who holds a port: see port_owner()

def _connections(proc, kind):
    # psutil 6 renamed Process.connections() to net_connections().
    method = getattr(proc, "net_connections", None) or proc.connections
    return method(kind=kind)


def ports_held(pids: Iterable[int], kind: str, unlisted: Optional[list] = None) -> list:
    """Ports on which the processes `pids` hold a listening TCP socket (kind "tcp") or a
    bound UDP socket (kind "udp"). Only these processes' own sockets count: a port that
    another process holds is never reported. The pids whose sockets the system would not
    list (UNLISTED) are added to `unlisted`, when given."""
    found = set()
    for pid in pids:
        try:
            connections = _connections(psutil.Process(pid), kind)
        except ENDED:
            continue
        except UNLISTED:
            if unlisted is not None:
                unlisted.append(pid)
            continue
        for conn in connections:
            port = conn.laddr.port if conn.laddr else 0
            if port and (kind == "udp" or conn.status == psutil.CONN_LISTEN):
                found.add(port)
    return sorted(found)


def port_in_use(kind: str, port: int) -> bool:
    """Is `port` taken on loopback? Asked by binding it and letting go at once: where the
    system will not list a process's sockets, this is what is left that never touches the
    student's server (a connection would be one more visitor for it to serve). A socket on
    the wildcard address or on loopback, IPv4 or dual-stack, makes the bind fail."""
    kind_type = socket.SOCK_DGRAM if kind == "udp" else socket.SOCK_STREAM
    with socket.socket(socket.AF_INET, kind_type) as probe:
        try:
            probe.bind(("127.0.0.1", port))
        except OSError as error:
            return error.errno in IN_USE
    return False


IN_USE = {errno.EADDRINUSE, errno.EACCES, 10048, 10013}   # 10048/10013: Windows' WSAEADDRINUSE, WSAEACCES


# --- the harness's progress marks ---------------------------------------------------------

class PipeMarks:
    """POSIX: a pipe whose write end the child inherits under its own number (pass_fds)."""

    def __init__(self, workdir):
        self._read, self._write = os.pipe()
        self.arg = str(self._write)                  # what the harness is told (MARK_FD)
        self.popen = {"pass_fds": (self._write,)}    # what Popen needs to hand it over

    def spawned(self):
        """The child has it (or never will): close our copy of its end."""
        os.close(self._write)

    def abandon(self):
        """No child was started: close our end too."""
        os.close(self._read)

    def reader(self, done: Callable[[], bool]):
        return os.fdopen(self._read, "rb", buffering=0)


class FileMarks:
    """Where no descriptor is handed over (Windows, and portable mode): a file in the
    child's working directory that the harness opens by name and appends to."""

    def __init__(self, workdir):
        fd, self.path = tempfile.mkstemp(prefix=".chatkit-marks-", dir=workdir)
        os.close(fd)
        self.arg = self.path
        self.popen: dict = {}

    def spawned(self):
        pass

    def abandon(self):
        pass  # the file goes with the working directory

    def reader(self, done: Callable[[], bool]):
        return _FileTail(self.path, done)


class _FileTail:
    """Read a file as it grows, like a pipe: read1() waits for data and returns b"" once
    `done()` says the writer has ended and everything written has been read."""

    def __init__(self, path, done):
        self.file = open(path, "rb")
        self.done = done

    def read1(self, size=65536):
        while True:
            data = self.file.read(size)
            if data:
                return data
            if self.done():
                return self.file.read(size)
            time.sleep(MARKS_POLL)  # the writer lives: a bounded poll until it ends

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.file.close()


def popen(command, marks, **options) -> subprocess.Popen:
    """Start the child with `options` and whatever `marks` needs to reach it."""
    return subprocess.Popen(command, **marks.popen, **options)


if sys.platform != "win32":   # SIGALRM rings on Linux and macOS; Windows has none
    def alarm(seconds, expire):
        """Call expire() in the main thread after `seconds` of real time (SIGALRM: what
        pytest-timeout's "signal" method means); return the function that cancels it."""
        def ring(signum, frame):
            expire()

        def cancel():
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, signal.SIG_DFL)

        signal.signal(signal.SIGALRM, ring)
        signal.setitimer(signal.ITIMER_REAL, seconds)
        return cancel
