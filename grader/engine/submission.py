"""Find the submission a user pointed at: a folder, or a .zip of one.

open_submission() takes a private copy of it under the rules of grader/engine/intake.py (no
link followed, no device opened, within the budgets) before any of its code runs, and
returns the folder inside that copy to grade: everything after reads the copy. What the
copy left out becomes the report's remarks (remarks_for); the hint memory stays in the
folder the user gave (origin_of).
"""
import atexit
import shutil
import zipfile
from dataclasses import dataclass
from pathlib import Path

from grader import KIT_ROOT
from grader.engine import intake as rules
from grader.engine import rubric
from grader.messages import say


class UsageError(Exception):
    """Bad input from the user: the message is one sentence that says what to do."""


@dataclass
class Opened:
    given: Path          # what the user pointed at (a folder or a .zip)
    origin: Path | None  # the folder there that is graded (None for a zip)
    root: Path           # the private copy (removed at exit, or by release())
    intake: rules.Intake


_OPENED: dict = {}       # str(graded folder in a copy) -> Opened


def default_folder():
    """lab/ in the current directory, else the kit's own lab/."""
    here = Path.cwd() / "lab"
    return here if here.is_dir() else KIT_ROOT / "lab"


def modules_in(folder):
    """The chat modules in `folder`: the kit's names, else files recognised by their code."""
    kit = [name for name in rubric.MODULES.values() if rules.is_plain_file(Path(folder) / name)]
    if kit or not Path(folder).is_dir():
        return kit
    from grader.engine.roles import find_roles
    return [name for name in find_roles(folder).files.values() if name]


def _descend(folder):
    """A zip often holds one folder with the files inside: look there."""
    folder = Path(folder)
    # modules at this level only: one folder around everything is the zip's, not a layout
    # of sub-folders (Server/, Client/), which find_roles reads from the level above
    while not [name for name in modules_in(folder) if "/" not in str(name) and "\\" not in str(name)]:
        inner = [p for p in folder.iterdir()
                 if p.is_dir() and not p.is_symlink() and not p.name.startswith((".", "__"))]
        if len(inner) != 1:
            break
        folder = inner[0]
    return folder


def open_submission(path, lang="ru"):
    """Return the folder to grade for `path` (a folder or a .zip), or raise UsageError."""
    path = Path(path)
    if not path.exists():
        raise UsageError(say("submission.missing", lang, path=rules.readable(path)))
    if not path.is_dir() and (not path.is_file() or path.suffix.lower() != ".zip"):
        raise UsageError(say("submission.is_file", lang, path=rules.readable(path)))
    try:
        root, copy, intake = rules.snapshot(path)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, RuntimeError, NotImplementedError,
            ValueError) as error:
        # RuntimeError: an encrypted member; NotImplementedError: a compression zipfile lacks
        raise UsageError(say("submission.zip_broken", lang, path=rules.readable(path),
                             error=rules.readable(error)))
    atexit.register(shutil.rmtree, root, ignore_errors=True)  # the copy is ours to remove
    folder = _descend(copy)
    if not modules_in(folder):
        shutil.rmtree(root, ignore_errors=True)
        too_big = intake.left_out.get(rules.MODULE_TOO_BIG)
        if too_big:   # the only modules were over the parse budget: say that, not "no module"
            key, fields = next(r for r in intake.remarks() if r[0] == "intake." + rules.MODULE_TOO_BIG)
            raise UsageError(say(key, lang, **fields))
        raise UsageError(say("roles.nothing", lang, path=rules.readable(path)))
    folder = folder.resolve()
    origin = path.resolve() / folder.relative_to(copy.resolve()) if path.is_dir() else None
    _OPENED[str(folder)] = Opened(path, origin, root, intake)
    return folder


def _opened(folder):
    try:
        return _OPENED.get(str(Path(folder).resolve()))
    except OSError:
        return None


def origin_of(folder):
    """The folder the user gave for a copy open_submission() made (None for a zip's copy);
    any other folder is its own origin."""
    opened = _opened(folder)
    return Path(folder) if opened is None else opened.origin


def shown_path(folder):
    """What the report calls the submission: what the user pointed at, not the private copy."""
    opened = _opened(folder)
    return rules.readable(opened.given if opened else folder)


def remarks_for(folder):
    """[(message id, fields)]: what the rules left out of the submission in `folder`."""
    opened = _opened(folder)
    intake = opened.intake if opened else rules.survey(folder)
    return intake.remarks()


def release(folder):
    """Remove the copy open_submission() made for `folder` (batch: after each student)."""
    opened = _OPENED.pop(str(Path(folder).resolve()), None)
    if opened is not None:
        shutil.rmtree(opened.root, ignore_errors=True)
