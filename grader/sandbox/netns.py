"""Give the grading worker a network of its own (a new network namespace with only `lo` up)
and a PID namespace of its own (every process a check starts dies with the check).

The worker (simulated users and every child it starts) then reaches nothing but its own
loopback: no other host, and none of the services that listen on the grader's machine,
not even on 127.0.0.1. Results still leave through the worker's stdout pipe, which a
namespace does not touch.

    from grader.sandbox import netns
    netns.enter()        # first thing in the worker's main(), before any thread starts
    netns.state()        # ("netns", "") or ("none", why not)
    netns.pid_state()    # "" in a PID namespace of its own, else why not (see _enter_pids())

How, on Linux (unshare(2) through ctypes; no `ip` or `unshare` program needed):
  * as root: unshare(CLONE_NEWNET) alone; the process stays in the machine's user
    namespace, so the switch to an unprivileged user (grader/sandbox/privileges.py sandbox_user) and
    the harness's capability drop work as before;
  * as an ordinary user (or as a root without CAP_SYS_ADMIN, when no sandbox user is in
    use): unshare(CLONE_NEWUSER | CLONE_NEWNET), where the kernel allows unprivileged user
    namespaces, mapping our own uid and gid onto themselves (so os.getuid() does not
    change, files keep their owners, and the child's capabilities are lost at execve as
    they always were);
  * then `lo` is brought up with ioctl(SIOCSIFFLAGS): a new namespace starts with it down.
A namespace that cannot be entered leaves the worker where it was, and state() says why: the report
shows it, nothing is hidden.

Then the PID namespace (_enter_pids(): a private mount namespace, unshare(CLONE_NEWPID), a
tiny init as pid 1 that reaps orphans, the worker carrying on as pid 2 with its own /proc,
the runner's process relaying signals and the exit status). Why per worker and not per
child: a process cannot start threads once it has unshared CLONE_NEWPID for its children,
so a child's own namespace would need a process between the grader and the student's
(whose pid, CPU time, memory and exit status the grader reads); the worker runs one check
at a time, so kill(-1) after a check (grader/sandbox/platform/_linux.py kill_namespace)
ends exactly what that check started.
"""
import ctypes
import errno
import importlib
import os
import socket
import struct
import sys
import threading

from grader.sandbox import platform

CLONE_NEWUSER, CLONE_NEWNET = 0x10000000, 0x40000000
SIOCGIFFLAGS, SIOCSIFFLAGS, IFF_UP = 0x8913, 0x8914, 0x1
PR_GET_DUMPABLE, PR_SET_DUMPABLE = 3, 4

_state = ("none", "not entered")
_pid_state = "not entered"


def state():
    """("netns", "") when this process runs in a network namespace of its own, else ("none", why)."""
    return _state


def pid_state():
    """"" when this process is the init of a PID namespace of its own, else why not."""
    return _pid_state


def turned_off():
    """Why confinement is off by request ("CHATKIT_CONFINE=none"), or ""."""
    for name, value in (("CHATKIT_CONFINE", "none"), ("CHATKIT_PLATFORM", "portable")):
        if os.environ.get(name) == value:
            return f"{name}={value}"
    return ""


def _fail(error):
    return f"{type(error).__name__}: {error}"


def _write(path, text):
    with open(path, "w") as out:
        out.write(text)


def _map_self(libc, uid, gid):
    """Map our own uid and gid onto themselves in the user namespace just created.

    The grading process is non-dumpable (grader/sandbox/privileges.py guard_this_process), which makes
    /proc/self/*_map root's; we become dumpable for the three writes, single-threaded and
    before any child exists, then non-dumpable again."""
    was = libc.prctl(PR_GET_DUMPABLE, 0, 0, 0, 0)
    libc.prctl(PR_SET_DUMPABLE, 1, 0, 0, 0)
    try:
        _write("/proc/self/setgroups", "deny")  # required before gid_map without CAP_SETGID
        _write("/proc/self/uid_map", f"{uid} {uid} 1")
        _write("/proc/self/gid_map", f"{gid} {gid} 1")
    finally:
        libc.prctl(PR_SET_DUMPABLE, was, 0, 0, 0)


def _loopback_up():
    if not platform.has_namespaces():
        return  # enter() never gets this far there; and there may be no fcntl
    fcntl = importlib.import_module("fcntl")   # not a plain import: mypy reads this for Windows too
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        request = struct.pack("16sH22x", b"lo", 0)
        flags = struct.unpack("16sH22x", fcntl.ioctl(sock.fileno(), SIOCGIFFLAGS, request))[1]
        fcntl.ioctl(sock.fileno(), SIOCSIFFLAGS, struct.pack("16sH22x", b"lo", flags | IFF_UP))


def _unshare(libc, flags):
    if libc.unshare(flags) != 0:
        code = ctypes.get_errno()
        raise OSError(code, os.strerror(code))


def enter(keep_user=None):
    """Move this process into a new network namespace with `lo` up; return state().

    `keep_user`: a callable saying whether the children will switch to another user (then a
    user namespace, whose uid map holds only our own uid, must not be used). Must be called
    while the process has a single thread: the kernel refuses a user namespace otherwise."""
    global _state
    if not platform.has_namespaces():
        _state = ("none", "not Linux")
        return _state
    off = turned_off()
    if off:
        _state = ("none", off)
        return _state
    if threading.active_count() != 1:
        _state = ("none", "the worker already runs threads")
        return _state
    try:
        libc = ctypes.CDLL(None, use_errno=True)
    except OSError as error:
        _state = ("none", _fail(error))
        return _state
    uid, gid = getattr(os, "geteuid")(), getattr(os, "getegid")()   # getattr: mypy reads this for Windows too
    attempts = []
    if uid == 0:
        attempts.append(CLONE_NEWNET)
    if uid != 0 or not (keep_user and keep_user()):
        attempts.append(CLONE_NEWUSER | CLONE_NEWNET)
    why = ""
    for flags in attempts:
        try:
            _unshare(libc, flags)
        except OSError as error:
            why = f"unshare: {errno.errorcode.get(error.errno or 0, error.errno)}"
            continue
        try:
            if flags & CLONE_NEWUSER:
                _map_self(libc, uid, gid)
            _loopback_up()
        except OSError as error:
            # Inside a namespace without a working loopback there is no way back and no
            # network at all: fail the worker (the grader's fault), never the student.
            raise RuntimeError(f"network namespace without loopback: {_fail(error)}") from error
        _state = ("netns", "user namespace" if flags & CLONE_NEWUSER else "")
        _enter_pids(libc)
        return _state
    _state = ("none", why or "no way to unshare")
    _enter_pids(libc)
    return _state


# --- the worker's own PID namespace ------------------------------------------------------------

CLONE_NEWNS, CLONE_NEWPID = 0x00020000, 0x20000000
MS_NOSUID, MS_NODEV, MS_NOEXEC, MS_REC, MS_PRIVATE = 0x2, 0x4, 0x8, 0x4000, 0x40000
PR_SET_PDEATHSIG = 1
RELAYED = ("SIGINT", "SIGTERM", "SIGHUP", "SIGQUIT", "SIGUSR1", "SIGUSR2")


def _mount(libc, source, target, fstype, flags):
    if libc.mount(source, target, fstype, ctypes.c_ulong(flags), None) != 0:
        code = ctypes.get_errno()
        raise OSError(code, os.strerror(code))


def _private_mounts(libc):
    """A mount namespace of our own in which nothing propagates back to the machine's."""
    _unshare(libc, CLONE_NEWNS)
    _mount(libc, None, b"/", None, MS_REC | MS_PRIVATE)


def _own_proc(libc):
    """/proc of the new PID namespace (psutil and the sandbox read it): called by its init."""
    _mount(libc, b"proc", b"/proc", b"proc", MS_NOSUID | MS_NODEV | MS_NOEXEC)


def _trial(libc):
    """Could this process become the init of a PID namespace with its own /proc? Tried in
    a throwaway child (and its child), so nothing here changes; "" or why not."""
    assert platform.has_namespaces(), "Linux only"  # (getattr below: mypy reads it for Windows too)
    sys.stdout.flush()
    sys.stderr.flush()
    pid = getattr(os, "fork")()
    if pid == 0:
        code = 1
        try:
            _private_mounts(libc)
            _unshare(libc, CLONE_NEWPID)
            inner = getattr(os, "fork")()
            if inner == 0:
                try:
                    _own_proc(libc)
                    os._exit(0 if os.getpid() == 1 else 1)
                except BaseException:
                    os._exit(1)
            code = os.waitstatus_to_exitcode(os.waitpid(inner, 0)[1])
        except BaseException:
            code = 2
        finally:
            os._exit(code)
    code = os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])
    return "" if code == 0 else ("unshare: EPERM" if code == 2 else "cannot mount its /proc")


def _enter_pids(libc):
    """Move this worker into a PID namespace of its own, so that killing every process of
    the namespace (kill(-1)) is one operation no fork can outrun, and the kernel kills
    them all when the worker ends.

    How: a mount namespace whose mounts do not propagate, unshare(CLONE_NEWPID), then two
    forks. The first child is the namespace's init (pid 1): a few lines that reap the
    orphans the students' processes leave (a fork chain leaves thousands). The second
    carries on as the worker (pid 2), with the namespace's own /proc mounted. This process
    (the one the runner started and knows) only waits for the worker, passes on the
    signals a process sends it, and ends as it ends; both children die with it
    (PR_SET_PDEATHSIG). Where any step is refused nothing changes and pid_state() says why."""
    assert platform.has_namespaces(), "Linux only"  # (getattr below: mypy reads it for Windows too)
    global _pid_state
    why = _trial(libc)
    if why:
        _pid_state = why
        return
    import signal
    relayed = {getattr(signal, name) for name in RELAYED}
    try:
        _private_mounts(libc)
        _unshare(libc, CLONE_NEWPID)
    except OSError as error:
        _pid_state = f"unshare: {errno.errorcode.get(error.errno or 0, error.errno)}"
        return
    sys.stdout.flush()
    sys.stderr.flush()
    getattr(signal, "pthread_sigmask")(getattr(signal, "SIG_BLOCK"), relayed | {getattr(signal, "SIGCHLD")})
    parent_gone, parent_alive = os.pipe()
    if getattr(os, "fork")() == 0:
        _die_with_parent(libc, parent_gone, parent_alive)
        _reap()  # never returns
    worker = getattr(os, "fork")()
    if worker:
        os.close(parent_gone)
        _relay(worker, relayed)  # never returns
    _die_with_parent(libc, parent_gone, parent_alive)
    _own_proc(libc)
    getattr(signal, "pthread_sigmask")(getattr(signal, "SIG_UNBLOCK"), relayed | {getattr(signal, "SIGCHLD")})
    _pid_state = ""


def _die_with_parent(libc, parent_gone, parent_alive):
    assert platform.has_namespaces(), "Linux only"  # (getattr below: mypy reads it for Windows too)
    import select
    import signal
    os.close(parent_alive)
    libc.prctl(PR_SET_PDEATHSIG, getattr(signal, "SIGKILL"), 0, 0, 0)
    if select.select([parent_gone], [], [], 0)[0]:
        os._exit(1)  # the parent ended before the line above: nobody would take us along
    os.close(parent_gone)


def _reap():
    """The namespace's init: hold none of the worker's pipes, reap every orphan, for ever
    (it ends with the runner's worker process, and the namespace with it)."""
    assert platform.has_namespaces(), "Linux only"  # (getattr below: mypy reads it for Windows too)
    import signal
    sigwaitinfo = getattr(signal, "sigwaitinfo")  # Linux only, like this whole function
    try:
        null = os.open(os.devnull, os.O_RDWR)
        for fd in (0, 1, 2):
            os.dup2(null, fd)
        os.closerange(3, 65536)
        while True:
            try:
                getattr(os, "wait")()
            except ChildProcessError:
                sigwaitinfo({getattr(signal, "SIGCHLD")})  # blocked since before the fork: none is lost
            except InterruptedError:
                pass
    finally:
        os._exit(0)


def _relay(pid, relayed):
    """The runner's worker process, outside the namespace: wait for the worker inside, pass
    on what a process (not the terminal, which signals the group) sends, end as it ends."""
    assert platform.has_namespaces(), "Linux only"  # (getattr below: mypy reads it for Windows too)
    import signal
    # Linux only, like this whole function (getattr: mypy reads it for Windows and macOS too)
    sigwaitinfo, sigmask = getattr(signal, "sigwaitinfo"), getattr(signal, "pthread_sigmask")
    child_ended, unblock, nohang = getattr(signal, "SIGCHLD"), getattr(signal, "SIG_UNBLOCK"), getattr(os, "WNOHANG")
    while True:
        info = sigwaitinfo(relayed | {child_ended})
        if info.si_signo != child_ended:
            if info.si_code <= 0:  # SI_USER, SI_QUEUE, SI_TKILL: from kill(), not from the tty
                try:
                    os.kill(pid, info.si_signo)
                except ProcessLookupError:
                    pass
            continue
        done, status = os.waitpid(pid, nohang)
        if not done:
            continue
        code = os.waitstatus_to_exitcode(status)
        if code < 0:  # end by the same signal, as the runner would have seen it
            signal.signal(-code, signal.SIG_DFL)
            sigmask(unblock, {-code})
            os.kill(os.getpid(), -code)
        os._exit(code if code >= 0 else 128 - code)
