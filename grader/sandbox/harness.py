"""Run one student module inside the child process the grader started.

    python -I -u harness.py MODULE HOST PORT MARK_FD KIT_ROOT [RLIMIT_X=N ...]

Starts MODULE from the working directory (a private copy of the submission) the way a
`launch=JSON` argument says (grader/sandbox/launch.py; without one: main(host, port)), on
the grader's port whatever address the code names. The process lives for as long as the
student's threads do. Progress marks ("import",
"imported", "main", "returned", "raised", ...) go to MARK_FD so the grader can tell a
hang at import from a server that never opened its port. The marks are only hints for
the report: the student's code could write to that descriptor too, so nothing that
decides the score is ever read from it.

Before the student's code runs, the harness lowers the resource limits (CPU time, address
space, file size, no core dumps; the number of processes when not root) and, when it runs
as root, drops every capability for good: see drop_privileges().

This file runs with the student's code in the same process; it must stay small and
standard-library only. What it shares with the grader, grader/sandbox/constants.py (the
prctl numbers, the marks), is loaded by path like launch.py, standard-library only too, so
the student's process never imports the kit's grader package.
"""
import json
import os
import sys

try:
    import ctypes
    import resource
except ImportError:  # not on Windows
    ctypes = resource = None

CAPABILITY_VERSION_3 = 0x20080522


def load_beside(filename, name):
    """A module of grader/sandbox/ executed from source under a name no student module can
    take, without importing the kit's packages into the student's process."""
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), filename)
    module = type(sys)(name)
    module.__file__ = path
    with open(path, "rb") as source:
        exec(compile(source.read(), path, "exec"), module.__dict__)
    return module


constants = load_beside("constants.py", "_chatkit_constants")   # the prctl numbers, the marks


def open_marks(spec):
    """MARK_FD is a descriptor number (inherited, Linux) or a file's path (Windows, macOS)."""
    if spec.isdigit():
        return int(spec)
    return os.open(spec, os.O_WRONLY | os.O_APPEND | getattr(os, "O_BINARY", 0))


def portable():
    """Does the grader take the macOS/Windows code paths here (CHATKIT_PLATFORM=portable)?"""
    return os.environ.get("CHATKIT_PLATFORM") == "portable"


def mark(fd, word):
    try:
        os.write(fd, (word + "\n").encode())
    except OSError:
        pass  # the student's code closed it; marks are optional


def apply_limits(spec):
    """Lower this process's resource limits before any student code runs."""
    if resource is None or sys.platform == "win32":
        return  # Windows has no rlimits: the grader's Job Object holds the limits there
    for name, value in spec.items():
        which = getattr(resource, name, None)
        if which is None:
            continue
        try:
            soft, hard = resource.getrlimit(which)
            value = value if hard == resource.RLIM_INFINITY else min(value, hard)
            resource.setrlimit(which, (value, value))
        except (ValueError, OSError):
            pass


def drop_privileges():
    """Set no_new_privs (no set-uid program hands privileges back) and, as root, give up
    every capability, for this process and whatever it executes.

    A root child then stays uid 0 but can no longer trace, inspect or open the pipes of the
    grader's (non-dumpable) processes, raise its limits, or bind privileged ports.
    """
    if not sys.platform.startswith("linux"):
        return  # Linux only: prctl and capabilities
    if ctypes is None or portable():
        return
    try:
        libc = ctypes.CDLL(None, use_errno=True)
    except OSError:
        return
    libc.prctl(constants.PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0)
    if os.geteuid() != 0:
        return  # started as an unprivileged user (see privileges.sandbox_user): nothing to drop
    try:
        with open("/proc/sys/kernel/cap_last_cap") as last:
            last_cap = int(last.read())
    except (OSError, ValueError):
        last_cap = 63  # dropping a capability the kernel does not know is a harmless EINVAL
    for cap in range(last_cap + 1):  # the bounding set: nothing executed later can regain them
        libc.prctl(constants.PR_CAPBSET_DROP, cap, 0, 0, 0)

    class Header(ctypes.Structure):
        _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]

    class Data(ctypes.Structure):
        _fields_ = [("effective", ctypes.c_uint32), ("permitted", ctypes.c_uint32),
                    ("inheritable", ctypes.c_uint32)]

    libc.capset(ctypes.byref(Header(CAPABILITY_VERSION_3, 0)), ctypes.byref((Data * 2)()))


def load_launcher():
    """grader/sandbox/launch.py, which starts the module the way its shape asks."""
    return load_beside("launch.py", "_chatkit_launch")


def confine_files(kit_root, port, mark_fd, launcher):
    """Landlock (landlock.py beside this file): write only the private copy, read only Python,
    the kit's chatkit/ and these files, TCP connect only to `port`. The grader asked for it
    because its probe said it works, so a failure here stops the child rather than run it
    unconfined."""
    import chatkit  # noqa: F401  found now: kit_root itself stays unlistable afterwards
    import importlib.util
    harness = os.path.abspath(__file__)
    beside = os.path.join(os.path.dirname(harness), "landlock.py")
    spec = importlib.util.spec_from_file_location("chatkit_landlock", beside)
    landlock = importlib.util.module_from_spec(spec)
    try:
        spec.loader.exec_module(landlock)
        private = {os.getcwd(), os.environ.get("TMPDIR") or os.getcwd()}
        readable = [os.path.join(kit_root, "chatkit"), harness, beside, launcher.__file__]
        landlock.restrict(sorted(private), readable=readable, ports=[int(port)])
    except Exception as error:
        sys.stderr.write(f"chatkit: the sandbox could not confine this process: {error}\n")
        mark(mark_fd, constants.MARK_CONFINE_FAILED)
        os._exit(5)
    mark(mark_fd, constants.MARK_CONFINED)


def main():
    module, host, port, mark_fd, kit_root = sys.argv[1:6]
    extra = sys.argv[6:]
    launch_spec = next((arg[len("launch="):] for arg in extra if arg.startswith("launch=")), None)
    limit_spec = dict(pair.split("=") for pair in extra if not pair.startswith("launch="))
    confine = limit_spec.pop("CONFINE", "")
    mark_fd = open_marks(mark_fd)
    apply_limits({name: int(value) for name, value in limit_spec.items()})
    drop_privileges()
    launcher = load_launcher()  # before the student's folder is on sys.path
    sys.path.insert(0, os.getcwd())
    sys.path.append(kit_root)  # student code may import chatkit.protocol, as the skeletons do
    sys.argv = [module + ".py"]
    if confine == "landlock":
        confine_files(kit_root, port, mark_fd, launcher)
    # Without a spec from the grader: the kit's own contract, main(host, port).
    spec = json.loads(launch_spec) if launch_spec else {"how": "call", "name": "main", "positional": True}
    launcher.run(module, spec, host, port, lambda word: mark(mark_fd, word))


if __name__ == "__main__":
    main()
