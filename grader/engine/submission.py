"""Find the submission a user pointed at: a folder, or a .zip of one."""
import atexit
import shutil
import tempfile
import zipfile
from pathlib import Path

from grader import KIT_ROOT
from grader.engine import rubric
from grader.messages import say
ZIP_MAX_BYTES = 50 * 1024 * 1024


class UsageError(Exception):
    """Bad input from the user: the message is one sentence that says what to do."""


def default_folder():
    """lab/ in the current directory, else the kit's own lab/."""
    here = Path.cwd() / "lab"
    return here if here.is_dir() else KIT_ROOT / "lab"


def modules_in(folder):
    """The chat modules in `folder`: the kit's names, else files recognised by their code."""
    kit = [name for name in rubric.MODULES.values() if (Path(folder) / name).is_file()]
    if kit or not Path(folder).is_dir():
        return kit
    from grader.engine.roles import find_roles
    return [name for name in find_roles(folder).files.values() if name]


def _descend(folder):
    """A zip often holds one folder with the files inside: look there."""
    folder = Path(folder)
    while not modules_in(folder):
        inner = [p for p in folder.iterdir() if p.is_dir() and not p.name.startswith((".", "__"))]
        if len(inner) != 1:
            break
        folder = inner[0]
    return folder


def open_submission(path, lang="ru"):
    """Return the folder to grade for `path` (a folder or a .zip), or raise UsageError."""
    path = Path(path)
    if not path.exists():
        raise UsageError(say("submission.missing", lang, path=path))
    if path.is_file():
        if path.suffix.lower() != ".zip":
            raise UsageError(say("submission.is_file", lang, path=path))
        target = Path(tempfile.mkdtemp(prefix="chatkit-zip-"))
        atexit.register(shutil.rmtree, target, ignore_errors=True)  # the unpacked copy is ours to remove
        try:
            with zipfile.ZipFile(path) as archive:
                total = sum(info.file_size for info in archive.infolist())
                if total > ZIP_MAX_BYTES:
                    raise UsageError(say("submission.zip_too_big", lang, path=path, mb=total // 2**20))
                for info in archive.infolist():
                    name = Path(info.filename)
                    if name.is_absolute() or ".." in name.parts:
                        continue  # never write outside the target folder
                    archive.extract(info, target)
        except (zipfile.BadZipFile, OSError, EOFError) as error:
            raise UsageError(say("submission.zip_broken", lang, path=path, error=error))
        path = _descend(target)
    elif path.is_dir():
        path = _descend(path)
    if not modules_in(path):
        raise UsageError(say("roles.nothing", lang, path=path))
    return path.resolve()
