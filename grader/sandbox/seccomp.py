"""Refuse the child unix sockets of its own: a seccomp filter, through ctypes (Linux).

Landlock confines files and TCP, and with ABI >= 6 abstract unix sockets, but not
connect() to a unix socket *file*: a socket of the host (a database's, a desktop bus, a
container engine's) would be reachable by its path. Nothing in a chat needs a socket of
that family, so the harness installs, after no_new_privs and before any student code,
a filter that answers
  * socket(AF_UNIX, ...) with EACCES (socketpair() stays: asyncio's self-pipe uses it,
    and a connected pair reaches nobody; glibc's lookups fall back without nscd);
  * io_uring_setup() with ENOSYS (a ring could create sockets without socket());
  * any system call of another ABI (x32, i386 on x86_64) with ENOSYS.
Every thread and process the child starts afterwards inherits the filter.

Only x86_64 and aarch64 are known here; elsewhere install() says so and nothing changes.
Standard library only: it runs in the child beside the harness.
"""
import ctypes
import errno
import os
import sys

try:
    from grader.sandbox.platform import system
except ImportError:   # in the student's process, loaded by path: the harness's copy of system.py
    system = sys.modules["_chatkit_system"]

PR_SET_NO_NEW_PRIVS, PR_SET_SECCOMP, SECCOMP_MODE_FILTER = 38, 22, 2
RET_ALLOW, RET_ERRNO = 0x7FFF0000, 0x00050000
LD_ABS_W, JEQ_K, JGE_K, RET_K = 0x20, 0x15, 0x35, 0x06
OFFSET_NR, OFFSET_ARCH, OFFSET_ARG0 = 0, 4, 16      # struct seccomp_data (little-endian)
X32_BIT = 0x40000000

# machine -> (AUDIT_ARCH_*, socket, io_uring_setup)
AF_UNIX = 1      # linux/socket.h (the socket module of Windows has no AF_UNIX to name)
ARCHES = {"x86_64": (0xC000003E, 41, 425), "aarch64": (0xC00000B7, 198, 425)}


class SockFilter(ctypes.Structure):
    _fields_ = [("code", ctypes.c_uint16), ("jt", ctypes.c_uint8), ("jf", ctypes.c_uint8), ("k", ctypes.c_uint32)]


class SockFprog(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.POINTER(SockFilter))]


def program(arch, nr_socket, nr_io_uring):
    """The filter's instructions (jumps are relative: to index i + 1 + offset)."""
    refuse, unsupported = RET_ERRNO | errno.EACCES, RET_ERRNO | errno.ENOSYS
    return [
        (LD_ABS_W, 0, 0, OFFSET_ARCH),          # 0
        (JEQ_K, 0, 8, arch),                    # 1  another ABI -> 10
        (LD_ABS_W, 0, 0, OFFSET_NR),            # 2
        (JGE_K, 6, 0, X32_BIT),                 # 3  x32 -> 10
        (JEQ_K, 0, 2, nr_socket),               # 4  not socket() -> 7
        (LD_ABS_W, 0, 0, OFFSET_ARG0),          # 5  its family
        (JEQ_K, 2, 1, AF_UNIX),          # 6  AF_UNIX -> 9, else -> 8
        (JEQ_K, 2, 0, nr_io_uring),             # 7  io_uring_setup -> 10
        (RET_K, 0, 0, RET_ALLOW),               # 8
        (RET_K, 0, 0, refuse),                  # 9
        (RET_K, 0, 0, unsupported),             # 10
    ]


def supported():
    """"" when this machine's filter is known, else why not."""
    if not system.has_landlock_and_seccomp():
        return "not Linux"
    if _machine() not in ARCHES:
        return f"no filter for {_machine()}"
    return ""


def _machine():
    assert system.is_linux(), "Linux only"  # (getattr below: mypy reads it for Windows too)
    return getattr(os, "uname")().machine  # getattr: mypy reads this for Windows too


def install():
    """Install the filter on this process for good; "" when done, else why not."""
    why = supported()
    if why:
        return why
    libc = ctypes.CDLL(None, use_errno=True)
    instructions = program(*ARCHES[_machine()])
    table = (SockFilter * len(instructions))(*[SockFilter(*ins) for ins in instructions])
    prog = SockFprog(len(instructions), table)
    if libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 or \
            libc.prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, ctypes.byref(prog), 0, 0) != 0:
        code = ctypes.get_errno()
        return f"seccomp: {os.strerror(code)}"
    return ""
