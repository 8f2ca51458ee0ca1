"""Give the grading worker a network of its own: a new network namespace with only `lo` up.

The worker (simulated users and every child it starts) then reaches nothing but its own
loopback: no other host, and none of the services that listen on the grader's machine,
not even on 127.0.0.1. Results still leave through the worker's stdout pipe, which a
namespace does not touch.

    from grader.sandbox import netns
    netns.enter()        # first thing in the worker's main(), before any thread starts
    netns.state()        # ("netns", "") or ("none", why not)

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
"""
import ctypes
import errno
import os
import socket
import struct
import sys
import threading

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
    if sys.platform == "win32":
        return  # enter() never gets this far there; and there is no fcntl
    import fcntl
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
    if not sys.platform.startswith("linux"):
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
    uid, gid = os.geteuid(), os.getegid()
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
            why = f"unshare: {errno.errorcode.get(error.errno, error.errno)}"
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
        return _state
    _state = ("none", why or "no way to unshare")
    return _state
