"""Find the submission a user pointed at: a folder, or a .zip of one."""
import atexit
import shutil
import tempfile
import zipfile
from pathlib import Path

from grader import rubric

KIT_ROOT = Path(__file__).resolve().parents[1]
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
    ru = lang == "ru"
    path = Path(path)
    if not path.exists():
        raise UsageError(f"Не нашли «{path}»: укажите папку с решением, например python -m grader lab."
                         if ru else f"\"{path}\" does not exist: give a submission folder, e.g. python -m grader lab.")
    if path.is_file():
        if path.suffix.lower() != ".zip":
            raise UsageError(f"«{path}» — это файл, а не папка: укажите папку, где лежат tcp_server.py и другие файлы."
                             if ru else f"\"{path}\" is a file: give the folder that holds tcp_server.py and the rest.")
        target = Path(tempfile.mkdtemp(prefix="chatkit-zip-"))
        atexit.register(shutil.rmtree, target, ignore_errors=True)  # the unpacked copy is ours to remove
        try:
            with zipfile.ZipFile(path) as archive:
                total = sum(info.file_size for info in archive.infolist())
                if total > ZIP_MAX_BYTES:
                    raise UsageError(f"Архив «{path}» распаковывается в {total // 2**20} МБ: это не похоже на решение."
                                     if ru else f"\"{path}\" unpacks to {total // 2**20} MB: not a submission.")
                for info in archive.infolist():
                    name = Path(info.filename)
                    if name.is_absolute() or ".." in name.parts:
                        continue  # never write outside the target folder
                    archive.extract(info, target)
        except (zipfile.BadZipFile, OSError, EOFError) as error:
            raise UsageError(f"Архив «{path}» не открывается ({error}): пересоберите его или распакуйте вручную."
                             if ru else f"\"{path}\" will not open ({error}): re-create it or unpack it by hand.")
        path = _descend(target)
    elif path.is_dir():
        path = _descend(path)
    if not modules_in(path):
        from grader.messages import say
        raise UsageError(say("roles.nothing", lang, path=path))
    return path.resolve()
