"""The child's read-only world of the kit: the harness, its helpers and chatkit/, copied.

    from grader.sandbox.runtime import runtime_dir
    runtime_dir() / "harness.py"     what the child runs
    runtime_dir() / "kit"            what the child's sys.path gets of the kit (chatkit/ only)

The child never sees the kit's own folder (where solutions/, the grader and, in the
README's batch example, every classmate's submission live): once per grading process
the few files the child needs are copied into a fresh temporary folder, readable by
everyone (the child may run as another user) and written by nobody after this, and
Landlock lets the child read that folder and nothing else of the kit. The copy is
removed when the process ends.
"""
import atexit
import functools
import os
import shutil
import tempfile
from pathlib import Path

from grader import KIT_ROOT

SANDBOX = Path(__file__).resolve().parent
# What runs in the child: all standard library only (tests/test_confinement.py checks it).
CHILD_FILES = ("harness.py", "constants.py", "launch.py", "landlock.py", "seccomp.py", "witness.py",
               "platform/system.py")
KIT_PACKAGES = ("chatkit",)   # what a submission may import of the kit (the skeletons do)


def _copy_readable(source, target):
    shutil.copyfile(source, target)
    os.chmod(target, 0o644)


@functools.lru_cache(maxsize=None)
def runtime_dir():
    """The folder (made once per process) that holds the child's copy of the kit's files."""
    root = Path(tempfile.mkdtemp(prefix="chatkit-runtime-"))
    atexit.register(shutil.rmtree, root, True)
    for name in CHILD_FILES:
        _copy_readable(SANDBOX / name, root / Path(name).name)   # side by side: the harness loads them by path
    for package in KIT_PACKAGES:
        target = root / "kit" / package
        target.mkdir(parents=True)
        for source in sorted((KIT_ROOT / package).glob("*.py")):
            _copy_readable(source, target / source.name)
        os.chmod(target, 0o755)
    os.chmod(root / "kit", 0o755)
    os.chmod(root, 0o755)   # mkdtemp's 0700 would keep out a child that runs as another user
    return root


def harness():
    return runtime_dir() / "harness.py"


def kit():
    return runtime_dir() / "kit"
