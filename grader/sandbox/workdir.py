"""The child's working directory: a private copy of the submission, within a size budget."""
import shutil
import tempfile
from pathlib import Path

COPY_SKIP = {".git", "__pycache__", ".venv", "venv", "node_modules", ".pytest_cache"}
COPY_MAX_BYTES = 10 * 1024 * 1024


def copy_submission(folder):
    """Copy a submission into a fresh temporary directory; return the directory."""
    workdir = Path(tempfile.mkdtemp(prefix="chatkit-run-"))
    budget = COPY_MAX_BYTES
    for entry in sorted(Path(folder).iterdir()):
        if entry.name in COPY_SKIP or entry.is_symlink():
            continue
        if entry.is_file():
            size = entry.stat().st_size
            if size > budget:
                continue
            budget -= size
            shutil.copyfile(entry, workdir / entry.name)
        elif entry.is_dir():
            shutil.copytree(entry, workdir / entry.name, symlinks=False,
                            ignore=shutil.ignore_patterns(*COPY_SKIP), dirs_exist_ok=True)
    return workdir
