"""What this system is, asked by name: besides the implementations (_linux, _windows,
_portable), the one module of the kit that reads sys.platform. It answers for the real
system, whatever CHATKIT_PLATFORM chose.

Standard library only, and importing nothing of the kit: the child's own files
(grader/sandbox/runtime.py CHILD_FILES: the harness, constants, landlock, seccomp) ask it
too, where the harness loads it by path (the kit is not importable in the student's
process) as the module `_chatkit_system`.
"""
import os
import subprocess
import sys


def is_windows():
    """Windows: a firewall that lets only Private networks in, the ANSI code page on a pipe,
    a venv's python.exe that is a launcher, no users to switch to, no rlimits, no SIGALRM."""
    return sys.platform == "win32"


def is_linux():
    return sys.platform.startswith("linux")


def has_namespaces():
    """Linux: unshare(2) for network and PID namespaces, prctl (grader/sandbox/netns.py)."""
    return is_linux()


def drops_capabilities():
    """Linux: no_new_privs, and a child running as root gives up every capability
    (grader/sandbox/harness.py)."""
    return is_linux()


def has_landlock_and_seccomp():
    """Linux: the kernel's Landlock and seccomp, where the kernel has them
    (grader/sandbox/landlock.py, seccomp.py say whether it does)."""
    return is_linux()


def has_rlimits():
    """POSIX: the harness lowers its resource limits (Windows: the grader's Job Object)."""
    return not is_windows()


def can_switch_user():
    """POSIX: a grader running as root may run the student's code as another user."""
    return not is_windows()


def process_group_options():
    """Popen options that start a process in a group of its own, which Ctrl+C does not reach
    and which is stopped as one: a new process group on Windows, a new session elsewhere."""
    if sys.platform == "win32":
        return {"creationflags": subprocess.CREATE_NEW_PROCESS_GROUP}
    return {"start_new_session": True}



def pipe_ready(fd):
    """Would a read of the pipe `fd` return at once: something in it, or its end? True too
    when that cannot be told (a console, a file): the caller then takes nothing for quiet.
    Windows cannot select() a pipe, so it is asked how much the pipe holds (PeekNamedPipe)."""
    if sys.platform == "win32":
        import _winapi
        import msvcrt
        try:
            available = _winapi.PeekNamedPipe(msvcrt.get_osfhandle(fd), 0)[0]   # (bytes waiting, left in message)
            return not isinstance(available, int) or available > 0
        except OSError:   # its end (ERROR_BROKEN_PIPE), or not a pipe
            return True
    import select
    try:
        return bool(select.select([fd], [], [], 0)[0])
    except (OSError, ValueError):
        return True


PIPE_POLL = 0.01   # Windows: how often a wait for a pipe asks it again


def wait_pipe(fd, timeout):
    """Wait at most `timeout` seconds until pipe_ready(fd); True if it is. select() where it
    takes pipes; Windows' select() takes only sockets, so there the pipe is asked every
    PIPE_POLL seconds."""
    if sys.platform == "win32":
        import time
        deadline = time.monotonic() + timeout
        while not pipe_ready(fd):
            if time.monotonic() >= deadline:
                return False
            time.sleep(PIPE_POLL)
        return True
    import select
    try:
        return bool(select.select([fd], [], [], timeout)[0])
    except (OSError, ValueError):
        return True


def interpreter():
    """What runs the student's code. On Windows a venv's python.exe is a launcher that starts
    the real interpreter as its child, so the pid the grader holds would be the launcher's
    (CPU readings near 0: "the server spins" never said). The base interpreter is the same
    Python, and the child runs with -I -S, without any site-packages, either way."""
    base = getattr(sys, "_base_executable", None)
    if (is_windows() and base and os.path.isfile(base)
            and os.path.normcase(os.path.abspath(base)) != os.path.normcase(os.path.abspath(sys.executable))):
        return base
    return sys.executable
