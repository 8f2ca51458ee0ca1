"""Run one student module inside the child process the grader started: confine first.

    python -I -S -B -u harness.py MODULE HOST PORT MARK_FD KIT [RLIMIT_X=N ...]
        [CONFINE=landlock] [UNIX=seccomp] [LOOK=port:token] [launch=JSON]

This file does what Landlock's sandboxer, bubblewrap and nsjail do before they execute
the guest, then starts the guest. In this order, before a single line of the submission
can run:
  1. lower the resource limits (CPU time, address space, file size, no core dumps; the
     number of processes when not root);
  2. set no_new_privs and drop every capability for good (drop_privileges());
  3. CONFINE: Landlock (landlock.py): write only the private copy, read only Python's
     standard library, the system's libraries and this file's own folder; TCP connect
     only to the grader's port; with ABI >= 6 no signal and no abstract unix socket
     outside its own processes;
  4. UNIX: a seccomp filter refusing socket(AF_UNIX): no unix socket file of the host.
LOOK (Windows, macOS: no Linux protection above is there) connects the witness
(witness.py) to the grader before step 3 could forbid it: it tells the grader, when asked,
whether every thread waits for input, which ends a hopeless wait early; never a score.
Every thread and process the student's code starts inherits all of it. Until then the
interpreter's sys.path holds only the standard library (-I -S): the student's folder
(the working directory) and the kit's chatkit/ (KIT, a copy beside this file made by
grader/sandbox/runtime.py, never the kit itself) join sys.path only afterwards, so no
module of the submission can stand in for one this file imports.

It then starts MODULE from the working directory the way `launch=JSON` says
(grader/sandbox/launch.py; without one: main(host, port)), on the grader's port whatever
address the code names. The process lives for as long as the student's threads do.
Progress marks ("import", "imported", "main", "returned", "raised", ...) go to MARK_FD so
the grader can tell a hang at import from a server that never opened its port. The marks
are only hints for the report: the student's code could write to that descriptor too, so
nothing that decides the score is ever read from it.

This file runs with the student's code in the same process; it must stay small and
standard-library only. What it shares with the grader, constants.py (the prctl numbers,
the marks) and the platform layer's system.py (what this system is), is loaded by path like
launch.py, standard-library only too, so the student's process never imports the kit's
grader package.
"""
import json
import os
import sys

try:
    import ctypes
    import resource
except ImportError:  # not on Windows
    ctypes = resource = None  # type: ignore[assignment]

CAPABILITY_VERSION_3 = 0x20080522


HERE = os.path.dirname(os.path.abspath(__file__))


def load_beside(filename, name):
    """A file beside this one executed from source under a name no student module can
    take, without importing the kit's packages into the student's process."""
    path = os.path.join(HERE, filename)
    module = type(sys)(name)
    module.__file__ = path
    with open(path, "rb") as source:
        exec(compile(source.read(), path, "exec"), module.__dict__)
    return module


# What this system is (grader/sandbox/platform/system.py): beside this file in the runtime's
# copy, in platform/ where the harness runs from the kit itself.
system = sys.modules["_chatkit_system"] = load_beside(
    "system.py" if os.path.isfile(os.path.join(HERE, "system.py")) else os.path.join("platform", "system.py"),
    "_chatkit_system")
constants = load_beside("constants.py", "_chatkit_constants")   # the prctl numbers, the marks


def open_marks(spec):
    """MARK_FD is a descriptor number (inherited, Linux) or a file's path (Windows, macOS)."""
    if spec.isdigit():
        return int(spec)
    return os.open(spec, os.O_WRONLY | os.O_APPEND | getattr(os, "O_BINARY", 0))


def mark(fd, word):
    try:
        os.write(fd, (word + "\n").encode())
    except OSError:
        pass  # the student's code closed it; marks are optional


def apply_limits(spec):
    """Lower this process's resource limits before any student code runs."""
    if resource is None or not system.has_rlimits():
        return  # Windows has no rlimits: the grader's Job Object holds the limits there
    # getattr: mypy reads this for Windows too
    getrlimit, setrlimit, infinity = (getattr(resource, name) for name in ("getrlimit", "setrlimit", "RLIM_INFINITY"))
    for name, value in spec.items():
        which = getattr(resource, name, None)
        if which is None:
            continue
        try:
            soft, hard = getrlimit(which)
            value = value if hard == infinity else min(value, hard)
            setrlimit(which, (value, value))
        except (ValueError, OSError):
            pass


def drop_privileges():
    """Set no_new_privs (no set-uid program hands privileges back) and, as root, give up
    every capability, for this process and whatever it executes.

    A root child then stays uid 0 but can no longer trace, inspect or open the pipes of the
    grader's (non-dumpable) processes, raise its limits, or bind privileged ports.
    """
    if not system.drops_capabilities():
        return  # Linux only: prctl and capabilities
    if ctypes is None:
        return
    try:
        libc = ctypes.CDLL(None, use_errno=True)
    except OSError:
        return
    libc.prctl(constants.PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0)
    # Whatever the uid: a process may hold capabilities without being root (file
    # capabilities, a user namespace); dropping those it does not hold is a harmless EPERM.
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


def refuse_to_run(mark_fd, error):
    """A confinement the grader asked for (its probe said it works) failed: stop here
    rather than run the student's code outside it."""
    sys.stderr.write(f"chatkit: the sandbox could not confine this process: {error}\n")
    mark(mark_fd, constants.MARK_CONFINE_FAILED)
    os._exit(5)


def confine_files(port, mark_fd):
    """Landlock (landlock.py beside this file): write only the private copy, read only
    Python's standard library, the system's libraries and this folder (the harness, its
    helpers and the kit's chatkit/, copied here by grader/sandbox/runtime.py), TCP connect
    only to `port`, and with ABI >= 6 no signal and no abstract unix socket outside."""
    try:
        landlock = load_beside("landlock.py", "_chatkit_landlock")
        private = {os.getcwd(), os.environ.get("TMPDIR") or os.getcwd()}
        landlock.restrict(sorted(private), readable=[HERE], ports=[int(port)])
    except Exception as error:
        refuse_to_run(mark_fd, error)


def refuse_unix_sockets(mark_fd):
    """seccomp.py beside this file: no socket(AF_UNIX), so no unix socket file of the host."""
    try:
        why = load_beside("seccomp.py", "_chatkit_seccomp").install()
    except Exception as error:
        why = f"{type(error).__name__}: {error}"
    if why:
        refuse_to_run(mark_fd, why)


def main():
    module, host, port, mark_fd, kit = sys.argv[1:6]
    extra = sys.argv[6:]
    launch_spec = next((arg[len("launch="):] for arg in extra if arg.startswith("launch=")), None)
    settings = dict(pair.split("=", 1) for pair in extra if not pair.startswith("launch="))
    confine = settings.pop("CONFINE", "")
    unix = settings.pop("UNIX", "")
    look = settings.pop("LOOK", "")
    mark_fd = open_marks(mark_fd)
    # Everything up to the mark below is this file and the standard library only: sys.path
    # holds nothing else yet (-I -S), so no module of the submission can stand in for ours.
    apply_limits({name: int(value) for name, value in settings.items()})
    drop_privileges()
    if look:   # where no kernel tells the grader what a thread waits in: this process will
        load_beside("witness.py", "_chatkit_witness").install(look, system)
    if confine == "landlock":
        confine_files(port, mark_fd)
    if unix == "seccomp":
        refuse_unix_sockets(mark_fd)
    if confine or unix:
        mark(mark_fd, constants.MARK_CONFINED)
    launcher = load_launcher()
    # Only now may anything of the submission be imported: its folder first, then the
    # kit's chatkit/ (the copy beside this file), which the skeletons import.
    sys.path.insert(0, os.getcwd())
    sys.path.append(kit)
    sys.argv = [module + ".py"]
    # Without a spec from the grader: the kit's own contract, main(host, port).
    spec = json.loads(launch_spec) if launch_spec else {"how": "call", "name": "main", "positional": True}
    launcher.run(module, spec, host, port, lambda word: mark(mark_fd, word), constants)


if __name__ == "__main__":
    main()
