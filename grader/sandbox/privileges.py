"""Whom the student's code runs as, and how the grading processes guard themselves (Linux).

See the package's docstring for what this protects against.
"""
import functools
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

try:
    import pwd
except ImportError:  # not on Windows
    pwd = None  # type: ignore[assignment]

from grader.sandbox import platform, runtime


def guard_this_process():
    """Make this grading process non-dumpable (Linux): a process of the same user without
    capabilities (the student's, see harness.drop_privileges) can then neither open our
    pipes through /proc/PID/fd nor read our memory. The runner and every worker call it
    when they start; elsewhere the workers' events are signed instead (engine/worker.py)."""
    platform.guard_this_process()


def become_subreaper():
    """Adopt orphans of the student's processes, so none can escape the cleanup (Linux
    only; elsewhere the platform finds them its own way, see grader/sandbox/platform)."""
    make_subreaper = getattr(platform, "make_subreaper", None)
    if make_subreaper is not None:
        make_subreaper()


# What the harness needs, tried step by step as the unprivileged user; prints the step it failed at.
PROBE = """
import os, sys
step = "kit"
try:
    sys.path.append(sys.argv[1])
    import socket, threading, chatkit.protocol
    step = "harness"
    open(sys.argv[2]).close()
    step = "copy"
    os.chdir(sys.argv[3])
    os.listdir(".")
except BaseException:
    print(step)
    raise SystemExit(1)
"""


@dataclass(frozen=True)
class SandboxUser:
    """Whom the student's code runs as: `owner` is (uid, gid) of an unprivileged user, or
    None when the child keeps the grader's own user; `why` is a messages id that says why
    (shown once in the report), `name` and `path` fill it in."""
    owner: tuple | None = None
    why: str = ""
    name: str = ""
    path: str = ""


@functools.lru_cache(maxsize=None)
def sandbox_user_status():
    """Decide once per process whether children can run as an unprivileged user.

    Only a grader running as root can switch users, and only to one that can run this
    Python, read the kit and enter the private copies (here a pyenv under /root, mode 0700,
    cannot; Gradescope's /usr Python can; a kit cloned into a 0700 folder cannot): a probe
    child started as that user must do all of it, and says which step it could not do.
    """
    if not platform.can_switch_user() or pwd is None:
        return SandboxUser(why="sandbox.user.no_users")
    if not platform.is_root():
        return SandboxUser(why="sandbox.user.not_root")
    name = os.environ.get("CHATKIT_SANDBOX_USER", "nobody")
    try:
        entry = getattr(pwd, "getpwnam")(name) if name else None   # getattr: mypy reads this for Windows too
    except KeyError:
        entry = None
    if entry is None or entry.pw_uid == 0:
        return SandboxUser(why="sandbox.user.no_such_user", name=name or "-")
    trial = Path(tempfile.mkdtemp(prefix="chatkit-probe-"))
    try:
        hand_over(trial, (entry.pw_uid, entry.pw_gid))
        probe = subprocess.run([platform.PYTHON, "-I", "-S", "-B", "-c", PROBE, str(runtime.kit()),
                                str(runtime.harness()), str(trial)],
                               user=entry.pw_uid, group=entry.pw_gid, extra_groups=[], cwd="/",
                               env={"PATH": os.defpath}, stdin=subprocess.DEVNULL,
                               capture_output=True, text=True, timeout=20)
    except PermissionError:
        return SandboxUser(why="sandbox.user.python", name=name, path=os.path.realpath(platform.PYTHON))
    except (OSError, subprocess.SubprocessError):
        return SandboxUser(why="sandbox.user.probe_failed", name=name, path=platform.PYTHON)
    finally:
        shutil.rmtree(trial, ignore_errors=True)
    if probe.returncode == 0:
        return SandboxUser(owner=(entry.pw_uid, entry.pw_gid), why="sandbox.user.dropped", name=name)
    step = probe.stdout.strip().splitlines()[-1:] or [""]
    where = {"kit": ("sandbox.user.kit", runtime.runtime_dir()), "harness": ("sandbox.user.kit", runtime.runtime_dir()),
             "copy": ("sandbox.user.copy", Path(tempfile.gettempdir()))}.get(step[0])
    if where is None:  # the interpreter itself did not start for that user
        return SandboxUser(why="sandbox.user.python", name=name, path=os.path.realpath(platform.PYTHON))
    return SandboxUser(why=where[0], name=name, path=str(where[1]))


def sandbox_user():
    """(uid, gid) of the unprivileged user to run students' code as, or None to keep ours."""
    return sandbox_user_status().owner


def hand_over(workdir, owner):
    """Give the private copy of the submission to the user the child runs as."""
    if not platform.can_switch_user():
        return  # sandbox_user() is None there
    uid, gid = owner
    for root, dirs, files in os.walk(workdir):
        for name in (root, *(os.path.join(root, entry) for entry in dirs + files)):
            getattr(os, "chown")(name, uid, gid, follow_symlinks=False)   # getattr: mypy reads this for Windows too
