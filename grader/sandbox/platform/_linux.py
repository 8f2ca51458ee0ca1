"""Linux: every protection the sandbox has.

The child starts in a session of its own (killed as a group), gets its marks pipe by
number (pass_fds), and its harness lowers the resource limits (CPU, address space, file
size, core dumps, processes) and sets no_new_privs, dropping every capability as root.
The grading processes mark themselves non-dumpable, and a worker becomes the child
subreaper, so an orphan that left the session by fork + setsid is adopted and killed.
"""
import ctypes
import fcntl
import os
import signal
import socket
import sys
import termios

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


def witness_args():
    """No witness in the child: /proc says what each thread waits in (waiting_for_input)."""
    return []


QUIET_BEFORE_REST = 0.0   # the kernel's own queues say what is on its way


def protections(uid_drop):
    root = is_root()
    facts = [Protection("cpu_limit", True), Protection("memory_cap", True),
             Protection("file_size_cap", True), Protection("process_cap", uid_drop or not root),
             Protection("no_new_privs", True),
             Protection("orphans_caught", True)]
    return facts  # whom the code runs as: sandbox.sandbox_user_status() says it


# --- waiting for input: evidence that a wait can end early (grader/chat/settling.py) ----------
#
# A process whose every thread sleeps in a call that only input can end (a read, an accept, a
# recv, a poll/select/epoll without a timeout, a lock or a join without one, a wait for its own
# child) does nothing more until something arrives: a line a check waits for from it can no
# longer come. A sleep, a timeout or a running thread is no such evidence.

_INPUT_CALLS = {
    # machine -> {syscall number: (name, index of the timeout argument or None)}; a timeout
    # argument of 0 (a null pointer) means none, for poll and epoll_wait a negative number.
    "x86_64": {0: ("read", None), 17: ("pread64", None), 19: ("readv", None), 43: ("accept", None),
               45: ("recvfrom", None), 47: ("recvmsg", None), 288: ("accept4", None),
               7: ("poll", 2), 271: ("ppoll", 2), 23: ("select", 4), 270: ("pselect6", 4),
               232: ("epoll_wait", 3), 281: ("epoll_pwait", 3), 441: ("epoll_pwait2", 3),
               202: ("futex", 3), 61: ("wait4", None), 247: ("waitid", None)},
    "aarch64": {63: ("read", None), 67: ("pread64", None), 65: ("readv", None), 202: ("accept", None),
                207: ("recvfrom", None), 212: ("recvmsg", None), 242: ("accept4", None),
                73: ("ppoll", 2), 72: ("pselect6", 4), 22: ("epoll_pwait", 3), 441: ("epoll_pwait2", 3),
                98: ("futex", 3), 260: ("wait4", None), 95: ("waitid", None)},
}
_FUTEX_WAITS = {0, 6, 9, 11, 13}   # FUTEX_WAIT, _LOCK_PI, _WAIT_BITSET, _WAIT_REQUEUE_PI, _LOCK_PI2
_NUMBER_TIMEOUTS = {"poll", "epoll_wait", "epoll_pwait"}   # an int of milliseconds, not a pointer


def _until_input(words, calls):
    """Does a thread's /proc/.../syscall line say it sleeps until input, with no timeout?"""
    if not words or words[0] in ("running", "-1"):
        return False
    try:
        number, args = int(words[0]), [int(word, 16) for word in words[1:7]]
    except ValueError:
        return False
    call = calls.get(number)
    if call is None or len(args) < 6:
        return False
    name, timeout = call
    if name == "futex" and args[1] & 0x7F not in _FUTEX_WAITS:
        return False
    if timeout is None:
        return True
    if name in _NUMBER_TIMEOUTS:
        value = args[timeout] & 0xFFFFFFFF
        return value >= 0x80000000   # negative: no timeout
    return args[timeout] == 0


def _children(pid, tasks):
    """Pids of the children of process `pid` whose threads are `tasks` (/proc/.../children)."""
    found: list = []
    for tid in tasks:
        with open(f"/proc/{pid}/task/{tid}/children") as handle:
            found.extend(int(child) for child in handle.read().split())
    return found


def waiting_for_input():
    """A fingerprint of every process this one started and their descendants (each thread
    and the CPU time it has used, in nanoseconds; in a worker, a subreaper, the orphans they
    left are its children too) when every thread of theirs sleeps until input arrives, with
    no timeout; None when one runs, sleeps with a timer, or cannot be read, or there is
    none. Two equal fingerprints taken one after the other show that nothing ran in between."""
    calls = _INPUT_CALLS.get(os.uname().machine)
    if calls is None:
        return None
    found = []
    try:
        pending = _children("self", os.listdir("/proc/self/task"))
    except (OSError, ValueError):
        return None
    while pending:
        pid = pending.pop()
        try:
            tasks = os.listdir(f"/proc/{pid}/task")
            pending.extend(_children(pid, tasks))
        except (OSError, ValueError):
            return None
        for tid in tasks:
            try:
                with open(f"/proc/{pid}/task/{tid}/syscall") as handle:
                    words = handle.read().split()
                with open(f"/proc/{pid}/task/{tid}/schedstat") as handle:
                    ran = int(handle.read().split()[0])
            except (OSError, ValueError, IndexError):
                return None
            if not _until_input(words, calls):
                return None
            found.append((int(tid), ran))
    return tuple(sorted(found)) or None


# TCP states in which a connection is being opened or closed: something is still on its way.
_MOVING = {"02", "03", "04", "09", "0B", "0C"}   # SYN_SENT, SYN_RECV, FIN_WAIT1, LAST_ACK, CLOSING, NEW_SYN_RECV


def connections_at_rest(ports):
    """Is every TCP connection on `ports` (either end) at rest: nothing sent that the other
    end has not acknowledged (so it is in the other end's queue, or read), none being opened
    or closed? False when the socket tables cannot be read."""
    ports = {f"{port:04X}" for port in ports}   # as the table writes them, after the address's ":"
    try:
        for suffix in ("", "6"):
            with open(f"/proc/net/tcp{suffix}") as table:
                next(table, None)
                for line in table:
                    fields = line.split(None, 5)
                    if fields[1][-4:] not in ports and fields[2][-4:] not in ports:
                        continue
                    if fields[3] in _MOVING:
                        return False
                    if fields[3] != LISTEN and int(fields[4].split(":")[0], 16):
                        return False
    except (OSError, ValueError, IndexError):
        return False
    return True


_TCP_INFO = getattr(socket, "TCP_INFO", 11)
_BYTES_RECEIVED = 128   # offset of tcpi_bytes_received (u64) in struct tcp_info (Linux 4.1+)


def bytes_received(sock):
    """How many bytes the kernel has received on the connected TCP socket `sock`, in order
    (read or still queued), or None when it cannot say."""
    try:
        info = sock.getsockopt(socket.IPPROTO_TCP, _TCP_INFO, 256)
    except (OSError, ValueError):
        return None
    if len(info) < _BYTES_RECEIVED + 8:
        return None
    return int.from_bytes(info[_BYTES_RECEIVED:_BYTES_RECEIVED + 8], sys.byteorder)


def reading_all_of(tid, fd):
    """Does this process's thread `tid` sleep in a read of the pipe `fd`, with nothing left
    in the pipe? Then whatever that thread read before, it has handled."""
    calls = _INPUT_CALLS.get(os.uname().machine)
    read = next((number for number, (name, _) in (calls or {}).items() if name == "read"), None)
    if read is None or fd is None:
        return False
    try:
        with open(f"/proc/self/task/{tid}/syscall") as handle:
            words = handle.read().split()
        if len(words) < 2 or words[0] != str(read) or int(words[1], 16) != fd:
            return False
        waiting = fcntl.ioctl(fd, termios.FIONREAD, b"\0\0\0\0")
    except (OSError, ValueError):
        return False
    return int.from_bytes(waiting, sys.byteorder) == 0


def _counters(table, wanted):
    """{name: value} of one protocol's line in /proc/net/snmp ("Udp", "Icmp")."""
    rows = [line.split() for line in table if line.startswith(wanted + ":")]
    if len(rows) < 2:
        raise ValueError(wanted)
    return dict(zip(rows[0][1:], (int(value) for value in rows[1][1:])))


def datagrams_at_rest():
    """Has every UDP datagram and ICMP message sent in this process's network namespace
    been delivered or dropped? Only in a namespace of its own with loopback alone
    (grader/sandbox/netns.py), where everything sent is received here: the namespace's
    counters then balance. False elsewhere, or when they cannot be read."""
    try:
        with open("/proc/net/dev") as table:
            interfaces = [line.split(":")[0].strip() for line in table if ":" in line]
        if interfaces != ["lo"]:
            return False
        with open("/proc/net/snmp") as table:
            lines = table.readlines()
        udp, icmp = _counters(lines, "Udp"), _counters(lines, "Icmp")
    except (OSError, ValueError):
        return False
    landed = udp["InDatagrams"] + udp["NoPorts"] + udp["InErrors"]
    return udp["OutDatagrams"] == landed and icmp["OutMsgs"] == icmp["InMsgs"]


_RECEIVING = {"read", "recvfrom", "recvmsg", "poll", "ppoll", "select", "pselect6"}


def receiving_all_of(tid, sock):
    """Does this process's thread `tid` sleep waiting to receive (a read, a recv, a poll),
    with nothing queued on the datagram socket `sock`? Then whatever that thread received
    before, it has handled."""
    calls = _INPUT_CALLS.get(os.uname().machine) or {}
    try:
        with open(f"/proc/self/task/{tid}/syscall") as handle:
            words = handle.read().split()
        call = calls.get(int(words[0])) if words and words[0].lstrip("-").isdigit() else None
        if call is None or call[0] not in _RECEIVING:
            return False
        queued = fcntl.ioctl(sock.fileno(), termios.FIONREAD, b"\0\0\0\0")
    except (OSError, ValueError):
        return False
    return int.from_bytes(queued, sys.byteorder) == 0
