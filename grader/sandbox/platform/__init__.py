"""The sandbox's platform facts behind one interface: process tree, readiness, limits.

One implementation is chosen once, at import, by sys.platform (as psutil does): `_linux`
(every protection), `_windows` (a Job Object around each child), `_portable` (macOS and
the rest). CHATKIT_PLATFORM=portable forces `_portable` on Linux, so the code paths that
macOS and Windows take wherever the choice is the kit's own (no /proc, no prctl, no
pass_fds, no killpg) run in the kit's tests. Callers never test the platform themselves: they ask the functions below by name
(tests/test_layers.py holds it).

Processes and sockets are psutil's view on every platform. The interface:

    marks_channel(workdir)        where the harness's progress marks travel (.arg for the
                                  harness, .popen for Popen, .reader(done), .spawned(), .abandon())
    spawn_options(marks)          Popen options: a new session (POSIX) or process group (Windows)
    spawn(command, marks, env=..., **popen_options) -> Popen
    child_env_extra(workdir)      what the child's environment needs beyond the kit's own
    rlimits(uid_drop)             the harness's resource limits, as NAME=value arguments
    is_root()                     does the grader run with root's privileges?
    descendants(pid)              every live descendant, also those that left the group
    kill_tree(pid, timeout)       kill pid and all of them, wait for the descendants
    kill_pids(pids), wait_gone(pids, timeout)   kill these; wait for them to end (reaping ours)
    ports_held(pids, kind)        TCP ports listened on / UDP ports bound by these processes
    port_owner(kind, port, pid)   OURS (pid's tree holds it), FOREIGN (another process) or CLOSED
    cpu_seconds(pid)              CPU time used, or None
    memory_and_threads(pid)       Memory(rss, peak, threads), or None when the process is gone
    timeout_method()              pytest-timeout's method: "signal" where start_alarm is, else "thread"
    witness_args()                the harness's arguments for a witness in the child (grader/sandbox/
                                  witness.py: it tells which threads wait for input), [] on Linux
    waiting_for_input()           a fingerprint when every thread of every process this one started
                                  (and their descendants) sleeps until input (no timeout), else None:
                                  Linux reads /proc, elsewhere the children's witnesses answer (_looks.py)
    connections_at_rest(ports)    no TCP connection on these ports has data or a FIN/SYN on its way
                                  (elsewhere: True, the witness and QUIET_BEFORE_REST stand in)
    datagrams_at_rest()           every UDP datagram sent was received (Linux: in a loopback-only
                                  namespace; elsewhere as connections_at_rest)
    QUIET_BEFORE_REST             seconds both sides must have been quiet before a wait may end early
                                  on that evidence: 0 where the kernel's queues are read (Linux)
    guard_this_process()          harden the grading process itself (Linux: non-dumpable)
    protections(uid_drop)         [Protection(id, given)]: what the student's code is held by
    missing(uid_drop)             the ids of the protections this platform does not give
    note(lang, uid_drop)          one sentence naming them for the report, or ""
                                  (whom the code runs as is sandbox.sandbox_user_status()'s to say)

Only on Linux (absent elsewhere, never a stand-in that answers "nothing"):

    make_subreaper(), is_subreaper(), orphans(live)   adopt and find orphans of the children
    kill_namespace()              in the worker's own PID namespace: kill all but itself at once
    bytes_received(sock)          bytes the kernel received in order on a TCP socket (TCP_INFO)
    reading_all_of(tid, fd)       this process's thread sleeps reading the pipe fd, and it is empty
    receiving_all_of(tid, sock)   this process's thread sleeps receiving, nothing queued on sock
                                  (grader/chat/settling.py's evidence that a wait can end)

What the system itself is (the real one, whatever CHATKIT_PLATFORM chose), asked by name
(system.py, standard library only: the child's own files load it too):

    is_windows()                  Windows: its firewall, its code page on pipes, no users to switch to
    has_namespaces()              Linux: network and PID namespaces, prctl (grader/sandbox/netns.py)
    drops_capabilities()          Linux: a root child gives up every capability (the harness)
    can_switch_user()             POSIX: a root grader can run the student's code as another user
    process_group_options()       Popen options: a process group (Windows) or a session of its own
    interpreter(), PYTHON         what runs the student's code (not a Windows venv's launcher)
    pipe_ready(fd)                would a read of this pipe return at once (select, or Windows'
                                  PeekNamedPipe): the witness's and the grader's readers' evidence
    wait_pipe(fd, timeout)        wait until pipe_ready(fd), at most timeout seconds

Only where SIGALRM rings, Linux and macOS (absent on Windows, and on Linux as portable, which
stands in for Windows):

    start_alarm(seconds, expire)  expire() in the main thread after `seconds`; -> cancel()

Only in the portable implementation (macOS, and Linux as portable):

    sweep_tagged()                kill every process carrying a run's tag, until none is found
    rest_in()                     after waiting_for_input() gave None only because a witness had not
                                  been quiet long enough: the seconds left (grader/chat/settling.py)
    udp_drops(ports)              datagrams the kernel dropped at full receive buffers
"""
import importlib
import os
import sys

from grader.sandbox.platform._common import (  # noqa: F401  (part of the interface)
    CLOSED, FOREIGN, OURS, Memory, Protection, kill_pids, wait_gone)
from grader.sandbox.platform.system import (  # noqa: F401  (part of the interface)
    can_switch_user, drops_capabilities, has_namespaces, interpreter, is_windows, pipe_ready,
    process_group_options, wait_pipe)

CHOICES = ("linux", "windows", "portable")
LINUX_ONLY = ("make_subreaper", "is_subreaper", "orphans", "udp_drops", "kill_namespace",
              "bytes_received", "reading_all_of", "receiving_all_of")
PORTABLE_ONLY = ("sweep_tagged", "rest_in")
WHERE_ALARM = ("start_alarm",)   # Linux, macOS


def default_name():
    """The implementation this system takes, unless CHATKIT_PLATFORM names another."""
    forced = os.environ.get("CHATKIT_PLATFORM", "").strip().lower()
    if forced == "portable":
        return "portable"
    if sys.platform.startswith("linux"):
        return "linux"
    return "windows" if sys.platform == "win32" else "portable"


def load(name):
    """The implementation module called `name` (tests choose one this way)."""
    if name not in CHOICES:
        raise ValueError(f"unknown platform implementation {name!r}: choose one of {', '.join(CHOICES)}")
    return importlib.import_module(f"{__name__}._{name}")


current = load(default_name())
PYTHON = interpreter()   # what runs the student's code (the tests try another one)
NAME = current.NAME

marks_channel = current.marks_channel
spawn_options = current.spawn_options
spawn = current.spawn
child_env_extra = current.child_env_extra
rlimits = current.rlimits
is_root = current.is_root
descendants = current.descendants
kill_tree = current.kill_tree
ports_held = current.ports_held
port_owner = current.port_owner
cpu_seconds = current.cpu_seconds
memory_and_threads = current.memory_and_threads
timeout_method = current.timeout_method
witness_args = current.witness_args
waiting_for_input = current.waiting_for_input
connections_at_rest = current.connections_at_rest
datagrams_at_rest = current.datagrams_at_rest
QUIET_BEFORE_REST = current.QUIET_BEFORE_REST
guard_this_process = getattr(current, "guard_this_process", lambda: None)
protections = current.protections
for _name in (*LINUX_ONLY, *PORTABLE_ONLY, *WHERE_ALARM):
    if hasattr(current, _name):
        globals()[_name] = getattr(current, _name)


def missing(uid_drop=False):
    """Ids of the protections this platform does not give the student's code."""
    return [fact.id for fact in protections(uid_drop) if not fact.given]


def note(lang, uid_drop=False):
    """One sentence for the report naming what this platform does not give, or ""."""
    gaps = missing(uid_drop)
    if not gaps:
        return ""
    from grader.messages import say
    return say("platform.missing", lang, items=", ".join(say(f"platform.{gap}", lang) for gap in gaps))
