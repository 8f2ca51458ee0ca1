"""The child's working directory: a private copy of the submission, under the rules of
grader/engine/intake.py (no links followed, no devices, within the budgets)."""
import tempfile
from pathlib import Path

from grader.engine.intake import COPY_SKIP, copy_tree

__all__ = ["COPY_SKIP", "copy_submission"]


def copy_submission(folder):
    """Copy a submission into a fresh temporary directory; return the directory."""
    workdir = Path(tempfile.mkdtemp(prefix="chatkit-run-"))
    copy_tree(folder, workdir)
    return workdir
