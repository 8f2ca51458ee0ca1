"""Confine a process's files and TCP ports with Landlock (Linux ≥ 5.13), through ctypes.

The harness calls restrict() in the child, after its limits and before the student's
module is imported. From then on that process and everything it starts may
  * read and write only inside its private copy of the submission (its HOME and TMPDIR);
  * read (and execute) only the Python that runs it (its standard library, not the
    folders of installed packages), the system's libraries (/usr, /lib), the harness's
    folder (its files and a copy of chatkit/, grader/sandbox/runtime.py), never the kit, a few files of /etc
    that name resolution and time need, /dev/null, /dev/zero, /dev/urandom and /proc/self;
  * with Landlock ABI ≥ 4, connect over TCP only to the grader's port (binding stays free:
    a server on the wrong port must still be told so, and a bound port reaches nobody);
  * with ABI ≥ 6, signal no process outside itself (the grader's included) and reach no
    abstract unix socket outside itself.
Not covered by Landlock: UDP (the worker's network namespace covers it, grader/sandbox/netns.py),
connecting to a unix socket file (grader/sandbox/seccomp.py covers it), and stat() of paths
(names, sizes, times are visible).

Why Landlock rather than bubblewrap: it needs no program installed and no privileges,
it is a few system calls from the process itself (no extra process per child, so the
cost is well under a millisecond), and it nests with the uid switch, the capability drop
and the namespaces the grader already uses; bubblewrap would need a Debian package on
every instructor's machine, a setuid binary or user namespaces inside the worker's, and a
second exec per child.

This file runs in the child beside the harness: standard library only.
"""
import ctypes
import os
import sys
import threading

try:
    from grader.sandbox.platform import system
except ImportError:   # in the student's process, loaded by path: the harness's copy of system.py
    system = sys.modules["_chatkit_system"]

SYS_CREATE_RULESET, SYS_ADD_RULE, SYS_RESTRICT_SELF = 444, 445, 446  # the same on every arch
CREATE_RULESET_VERSION = 1
RULE_PATH_BENEATH, RULE_NET_PORT = 1, 2
PR_SET_NO_NEW_PRIVS = 38

EXECUTE, WRITE_FILE, READ_FILE, READ_DIR = 1 << 0, 1 << 1, 1 << 2, 1 << 3
REMOVE_DIR, REMOVE_FILE, MAKE_CHAR, MAKE_DIR = 1 << 4, 1 << 5, 1 << 6, 1 << 7
MAKE_REG, MAKE_SOCK, MAKE_FIFO, MAKE_BLOCK, MAKE_SYM = 1 << 8, 1 << 9, 1 << 10, 1 << 11, 1 << 12
REFER, TRUNCATE, IOCTL_DEV = 1 << 13, 1 << 14, 1 << 15
BIND_TCP, CONNECT_TCP = 1 << 0, 1 << 1
SCOPE_ABSTRACT_UNIX_SOCKET, SCOPE_SIGNAL = 1 << 0, 1 << 1

FILE_RIGHTS = EXECUTE | WRITE_FILE | READ_FILE | TRUNCATE | IOCTL_DEV  # rights a rule on a file may hold
READ = EXECUTE | READ_FILE | READ_DIR
ETC_FILES = ("/etc/ld.so.cache", "/etc/localtime", "/etc/hosts", "/etc/host.conf", "/etc/nsswitch.conf",
             "/etc/resolv.conf", "/etc/gai.conf", "/etc/services", "/etc/protocols")
SYSTEM_DIRS = ("/usr", "/lib", "/lib64", "/lib32", "/bin", "/sbin")


class RulesetAttr(ctypes.Structure):
    _fields_ = [("handled_access_fs", ctypes.c_uint64), ("handled_access_net", ctypes.c_uint64),
                ("scoped", ctypes.c_uint64)]


class PathBeneathAttr(ctypes.Structure):
    _pack_ = 1
    _fields_ = [("allowed_access", ctypes.c_uint64), ("parent_fd", ctypes.c_int32)]


class NetPortAttr(ctypes.Structure):
    _fields_ = [("allowed_access", ctypes.c_uint64), ("port", ctypes.c_uint64)]


class Unavailable(Exception):
    """Landlock cannot confine this process (old kernel, not Linux, turned off)."""


def _libc():
    if not system.has_landlock_and_seccomp():
        raise Unavailable("not Linux")
    try:
        return ctypes.CDLL(None, use_errno=True)
    except OSError as error:
        raise Unavailable(str(error)) from None


def _call(libc, number, *args):
    result = libc.syscall(ctypes.c_long(number), *args)
    if result < 0:
        code = ctypes.get_errno()
        raise OSError(code, os.strerror(code))
    return result


def abi():
    """The kernel's Landlock ABI version (1..), or 0 where there is none."""
    try:
        libc = _libc()
        return _call(libc, SYS_CREATE_RULESET, None, ctypes.c_size_t(0), ctypes.c_uint32(CREATE_RULESET_VERSION))
    except (Unavailable, OSError):
        return 0


def handled(version):
    """(fs rights, net rights, scopes) that ABI `version` knows: all of them are handled."""
    fs = (1 << 13) - 1
    if version >= 2:
        fs |= REFER
    if version >= 3:
        fs |= TRUNCATE
    if version >= 5:
        fs |= IOCTL_DEV
    net = CONNECT_TCP if version >= 4 else 0  # not BIND_TCP: see the module's docstring
    scoped = SCOPE_ABSTRACT_UNIX_SOCKET | SCOPE_SIGNAL if version >= 6 else 0
    return fs, net, scoped


def _ruleset(libc, version):
    fs, net, scoped = handled(version)
    attr = RulesetAttr(fs, net, scoped)
    size = 8 if version < 4 else 16 if version < 6 else 24
    return _call(libc, SYS_CREATE_RULESET, ctypes.byref(attr), ctypes.c_size_t(size), ctypes.c_uint32(0)), fs


def _allow_path(libc, ruleset, path, rights, fs):
    try:
        # Linux only (Landlock is), so getattr: macOS and Windows lack O_PATH.
        fd = os.open(path, getattr(os, "O_PATH") | getattr(os, "O_CLOEXEC"))
    except OSError:
        return False  # not on this machine: nothing to allow
    try:
        if not os.path.isdir(path):
            rights &= FILE_RIGHTS
        rule = PathBeneathAttr(rights & fs, fd)
        _call(libc, SYS_ADD_RULE, ctypes.c_int(ruleset), ctypes.c_int(RULE_PATH_BENEATH), ctypes.byref(rule),
              ctypes.c_uint32(0))
        return True
    finally:
        os.close(fd)


def _enforce(libc, ruleset):
    if libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:  # Landlock asks for it (the harness sets it anyway)
        code = ctypes.get_errno()
        raise OSError(code, os.strerror(code))
    _call(libc, SYS_RESTRICT_SELF, ctypes.c_int(ruleset), ctypes.c_uint32(0))


PACKAGE_DIRS = ("site-packages", "dist-packages")


def python_paths():
    """What the running Python needs to read: its standard library (every entry of sys.path,
    which the harness's -I -S leaves at the standard library), but none of the folders of
    installed packages in it, where a kit installed as a package keeps solutions/; its
    executable and the folder of its shared library; a venv's pyvenv.cfg. Never a venv's or
    an installation's whole prefix."""
    bindir = os.path.dirname(sys.executable)
    # A venv's pyvenv.cfg, beside the executable or one folder up (sys.prefix does not say
    # under -S: site.py is what sets it to the venv).
    places = {bindir, os.path.dirname(os.path.realpath(sys.executable)),
              os.path.join(bindir, "pyvenv.cfg"), os.path.join(os.path.dirname(bindir), "pyvenv.cfg")}
    for prefix in {sys.base_prefix, sys.base_exec_prefix}:
        libdir = os.path.join(prefix, "lib")
        try:
            places.update(entry.path for entry in os.scandir(libdir) if entry.name.startswith("libpython"))
        except OSError:
            pass
    for entry in sys.path:
        if not entry or not os.path.isabs(entry):
            continue
        try:
            inside = list(os.scandir(entry)) if os.path.isdir(entry) else None
        except OSError:
            inside = None
        if inside is None or not any(item.name in PACKAGE_DIRS for item in inside):
            places.add(entry)
        else:
            places.add(entry + "/")  # the folder itself, to list it: see restrict()
            places.update(item.path for item in inside if item.name not in PACKAGE_DIRS)
    return sorted(places)


def restrict(private, readable=(), ports=()):
    """Confine this process (and all it starts later) for good; return the ABI version used.

    `private`: folders it may read and write (its copy, its temporary folder). `readable`:
    extra files or folders it may read (the kit's protocol package, the harness). `ports`:
    the TCP ports it may connect to. Raises Unavailable when Landlock is missing
    and OSError when it is there but refuses."""
    libc = _libc()
    version = abi()
    if version < 1:
        raise Unavailable("the kernel has no Landlock")
    ruleset, fs = _ruleset(libc, version)
    try:
        everything = fs
        for path in private:
            _allow_path(libc, ruleset, path, everything, fs)
        for path in (*python_paths(), *SYSTEM_DIRS, *readable, *ETC_FILES, "/dev/zero", "/dev/urandom",
                     "/dev/random", f"/proc/{os.getpid()}"):
            if path.endswith("/") and len(path) > 1:  # a folder to list, not its contents
                _allow_path(libc, ruleset, path[:-1], READ_DIR, fs)
            else:
                _allow_path(libc, ruleset, path, READ, fs)
        _allow_path(libc, ruleset, "/dev/null", READ_FILE | WRITE_FILE | IOCTL_DEV | TRUNCATE, fs)
        if handled(version)[1]:
            for port in sorted(set(ports)):
                rule = NetPortAttr(CONNECT_TCP, port)
                _call(libc, SYS_ADD_RULE, ctypes.c_int(ruleset), ctypes.c_int(RULE_NET_PORT),
                      ctypes.byref(rule), ctypes.c_uint32(0))
        _enforce(libc, ruleset)
    finally:
        os.close(ruleset)
    return version


def probe():
    """Can this machine confine a child? The ABI version if a thread of ours could be
    restricted with every right handled, else 0 and the reason.

    Landlock (and no_new_privs) apply to the calling thread only, so the trial runs in a
    throwaway thread and leaves this process and its later children untouched."""
    outcome = [0, "no Landlock in this kernel"]

    def trial():
        try:
            libc = _libc()
            version = abi()
            if version < 1:
                return
            ruleset, _ = _ruleset(libc, version)
            try:
                _enforce(libc, ruleset)
            finally:
                os.close(ruleset)
            outcome[:] = [version, ""]
        except (Unavailable, OSError) as error:
            outcome[1] = f"{type(error).__name__}: {error}"

    thread = threading.Thread(target=trial, name="landlock-probe")
    thread.start()
    thread.join()
    return tuple(outcome)
