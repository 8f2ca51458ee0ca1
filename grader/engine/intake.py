"""Taking a submission's files without trusting them: one set of rules for folders and zips.

A submission is made by someone else, and the grading process reads it with the rights of
whoever runs the grader. So every byte the grader takes from it (the private copy it grades,
the facts read with ast, the roles, the batch cache's hash, similarity, the children's
copies) goes through these rules:

- Links are never followed. A symbolic link (to a file outside the submission, inside it, or
  to nothing at all) is left out, and the report names it once: a module that needs the
  file it points at gets the file itself instead. (Inside links are left out too: copying a
  target's content "only if it stays inside" is one more decision made on a path the
  submission controls; no real chat needs one.)
- Only regular files and folders are taken: a device, a FIFO or a socket is left out and
  never opened (opening a FIFO waits for a writer; /dev/zero never ends).
- Budgets (grader/engine/limits.py): at most SUBMISSION_MAX_FILES files and
  SUBMISSION_MAX_BYTES in all, SUBMISSION_FILE_BYTES for one file, and MODULE_MAX_BYTES for
  a .py file (ast.parse costs hundreds of times a module's size in memory: a bigger module
  is left out, so it is neither parsed nor run, and the report says so). A file is read
  only up to its budget, whatever its size claims.
- A zip member whose name is absolute, has a `..` or a drive, or that is a link or a
  device, is left out; members are read up to the same budgets (a zip bomb stops there).
- Folders the grader never grades (COPY_SKIP: .git, .venv, .chatkit, ...) are skipped.

Folders are walked breadth first, top level first and each folder's names sorted, so the
modules at the top are always within the budgets and a re-run takes the same files.
`snapshot()` makes the grader's private copy of what a user pointed at, before any student
code runs; everything after reads that copy.
"""
import itertools
import os
import shutil
import stat
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from grader.engine import limits

# .chatkit: the grader's own memory in a submission folder (hints shown), never graded
COPY_SKIP = frozenset({".git", "__pycache__", ".venv", "venv", "node_modules", ".pytest_cache", ".chatkit",
                       "__MACOSX"})
NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)      # not on Windows: there lstat() is checked first
NONBLOCK = getattr(os, "O_NONBLOCK", 0)
BINARY = getattr(os, "O_BINARY", 0)
CHUNK = 1024 * 1024
LISTING_MAX = 10 * limits.SUBMISSION_MAX_FILES   # names read from one folder at most
NAMES_SHOWN = 5                              # names listed in one remark; the rest are counted

# Why a file was left out: the report's message id for each (grader/messages, intake.*).
LINK, SPECIAL, TOO_BIG, MODULE_TOO_BIG, OVER_BUDGET, TOO_MANY, BAD_NAME, UNREADABLE = (
    "link", "special", "too_big", "module_too_big", "over_budget", "too_many", "bad_name", "unreadable")
REASONS = (LINK, SPECIAL, BAD_NAME, MODULE_TOO_BIG, TOO_BIG, OVER_BUDGET, TOO_MANY, UNREADABLE)


class Refused(OSError):
    """A file the rules do not let the grader read: a link, not a regular file, or too big."""


def readable(name):
    """A name as text any file, terminal or JSON takes: a byte that is not UTF-8 (which
    Python keeps as a lone surrogate) is written as \\xNN; anything else is unchanged."""
    name = str(name)
    try:
        name.encode("utf-8")
        return name
    except UnicodeEncodeError:
        pass
    try:
        raw = name.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        raw = name.encode("utf-8", "surrogatepass")
    return raw.decode("utf-8", "backslashreplace")


def budget_for(name):
    """The most bytes one file called `name` may have."""
    return limits.MODULE_MAX_BYTES if str(name).endswith(".py") else limits.SUBMISSION_FILE_BYTES


def read_bytes(path, limit=None, dir_fd=None):
    """A regular file's bytes, never through a link and never more than `limit` (default: the
    budget for its name); `dir_fd`: `path` is a name in that open folder. Raises Refused (an
    OSError) for a link, a device, a FIFO, a folder or a file over the limit; OSError when it
    cannot be read."""
    path = Path(path)
    limit = budget_for(path.name) if limit is None else limit
    if not NOFOLLOW and dir_fd is None and path.is_symlink():
        raise Refused(f"{path.name}: a link")
    try:
        fd = os.open(path, os.O_RDONLY | NOFOLLOW | NONBLOCK | BINARY, dir_fd=dir_fd)
    except OSError as error:
        if dir_fd is None and path.is_symlink():
            raise Refused(f"{path.name}: a link") from error
        raise
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise Refused(f"{path.name}: not a regular file")
        if info.st_size > limit:
            raise Refused(f"{path.name}: {info.st_size} bytes, over {limit}")
        chunks, total = [], 0
        while total <= limit:
            chunk = os.read(fd, min(CHUNK, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > limit:
            raise Refused(f"{path.name}: over {limit} bytes")
        return b"".join(chunks)
    finally:
        os.close(fd)


def is_plain_file(path):
    """A regular file, not a link to one (what the rules would read)."""
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except OSError:
        return False


@dataclass
class Intake:
    """What was taken from a submission, and what was left out and why."""
    files: list = field(default_factory=list)        # relative names (posix) taken, in walk order
    left_out: dict = field(default_factory=dict)     # reason -> [relative names]
    bytes: int = 0
    stopped: bool = False                            # listing stopped early: more was left out

    def leave(self, reason, name):
        self.left_out.setdefault(reason, []).append(str(name))

    def take(self, name, size):
        """Room for one more file of `size` bytes? Counts it when there is; else says why not."""
        if len(self.files) >= limits.SUBMISSION_MAX_FILES:
            self.leave(TOO_MANY, name)
            return False
        if size > budget_for(name):
            self.leave(MODULE_TOO_BIG if str(name).endswith(".py") else TOO_BIG, name)
            return False
        if self.bytes + size > limits.SUBMISSION_MAX_BYTES:
            self.leave(OVER_BUDGET, name)
            return False
        self.files.append(str(name))
        self.bytes += size
        return True

    def full(self):
        return len(self.files) >= limits.SUBMISSION_MAX_FILES

    def remarks(self):
        """[(message id, fields)] for the report: one sentence per reason, names listed once."""
        out = []
        for reason in REASONS:
            names = self.left_out.get(reason)
            if not names:
                continue
            shown = ", ".join(readable(n) for n in names[:NAMES_SHOWN])
            extra = len(names) - NAMES_SHOWN
            more = f" (+{extra}{'…' if self.stopped and reason == TOO_MANY else ''})" if extra > 0 else ""
            out.append((f"intake.{reason}", {"files": shown + more,
                                            "count": len(names), "max_files": limits.SUBMISSION_MAX_FILES,
                                            "max_mb": limits.SUBMISSION_MAX_BYTES // 2 ** 20,
                                            "file_mb": limits.SUBMISSION_FILE_BYTES // 2 ** 20,
                                            "module_kb": limits.MODULE_MAX_BYTES // 1024}))
        return out

    def to_json(self):
        return {"files": len(self.files), "bytes": self.bytes, "left_out": self.left_out}


def walk(folder, intake=None):
    """(relative name, path, size) of every regular file the rules take from `folder`, breadth
    first; what is left out is noted in `intake` (returned by survey()/copy_tree())."""
    root = Path(folder)
    intake = intake if intake is not None else Intake()
    pending = [PurePosixPath()]
    while pending:
        relative_dir = pending.pop(0)
        try:   # a folder of a million names is not listed whole: the budget is far below that
            with os.scandir(root / relative_dir) as listing:
                entries = sorted(itertools.islice(listing, LISTING_MAX), key=lambda e: e.name)
                if len(entries) == LISTING_MAX:
                    intake.stopped = True
        except OSError:
            intake.leave(UNREADABLE, relative_dir)
            continue
        folders = []
        for entry in entries:
            relative = relative_dir / entry.name
            if entry.name in COPY_SKIP:
                continue
            try:
                info = entry.stat(follow_symlinks=False)
            except OSError:
                intake.leave(UNREADABLE, relative)
                continue
            if stat.S_ISLNK(info.st_mode) or (hasattr(entry, "is_junction") and entry.is_junction()):
                intake.leave(LINK, relative)
            elif stat.S_ISDIR(info.st_mode):
                folders.append(relative)
            elif not stat.S_ISREG(info.st_mode):
                intake.leave(SPECIAL, relative)
            elif intake.full():
                intake.leave(TOO_MANY, relative)
                if len(intake.left_out[TOO_MANY]) > 100:
                    intake.stopped = True
                    return                      # 60 000 empty files: stop listing them
            elif intake.take(relative, info.st_size):
                yield relative, root / relative, info.st_size
        pending.extend(folders)


def survey(folder):
    """What copy_tree() would take from `folder` and leave out, without reading a byte."""
    intake = Intake()
    for _ in walk(folder, intake):
        pass
    return intake


def _write(target, relative, data):
    path = Path(target, *PurePosixPath(relative).parts)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | NOFOLLOW | BINARY, 0o644)
    with os.fdopen(fd, "wb") as out:
        out.write(data)


def copy_tree(folder, target, rename=False):
    """Copy what the rules take from `folder` into the existing folder `target`; the Intake.
    `rename`: a name that is not UTF-8 is written as its readable() form (snapshot() does so,
    so nothing after it meets a name that cannot be printed, stored or sent as JSON)."""
    intake = Intake()
    for relative, path, _ in walk(folder, intake):
        try:
            data = read_bytes(path)
        except Refused:
            intake.files.remove(str(relative))
            intake.leave(LINK if path.is_symlink() else TOO_BIG, relative)   # changed under us
            continue
        except OSError:
            intake.files.remove(str(relative))
            intake.leave(UNREADABLE, relative)
            continue
        try:
            _write(target, PurePosixPath(readable(relative)) if rename else relative, data)
        except OSError:
            intake.files.remove(str(relative))
            intake.leave(UNREADABLE, relative)
    return intake


def member_name(info):
    """A zip member's safe relative name, or None: absolute, `..`, a drive, or empty."""
    name = info.filename.replace("\\", "/")
    if "\0" in name or name.startswith("/") or (len(name) > 1 and name[1] == ":"):
        return None
    parts = [p for p in name.split("/") if p not in ("", ".")]
    if not parts or ".." in parts:
        return None
    return PurePosixPath(*parts)


def unpack_zip(archive_path, target):
    """Unpack a zip into the existing folder `target` under the rules; the Intake.
    Raises zipfile.BadZipFile / OSError / EOFError for an archive that will not open."""
    intake = Intake()
    with zipfile.ZipFile(archive_path) as archive:
        for info in archive.infolist():
            relative = member_name(info)
            if relative is None:
                intake.leave(BAD_NAME, info.filename)
                continue
            if relative.parts[0] in COPY_SKIP or any(p in COPY_SKIP for p in relative.parts[:-1]):
                continue
            if info.is_dir():
                continue
            mode = info.external_attr >> 16
            if stat.S_ISLNK(mode):
                intake.leave(LINK, relative)
                continue
            if mode and stat.S_IFMT(mode) and not stat.S_ISREG(mode):
                intake.leave(SPECIAL, relative)
                continue
            if intake.full():
                intake.leave(TOO_MANY, relative)
                continue
            limit = min(budget_for(relative.name), limits.SUBMISSION_MAX_BYTES - intake.bytes)
            with archive.open(info) as member:
                data = member.read(limit + 1)
            if not intake.take(relative, len(data)):
                continue
            try:
                _write(target, relative, data)
            except OSError:
                intake.files.remove(str(relative))
                intake.leave(UNREADABLE, relative)
    return intake


def snapshot(source):
    """A private copy of a submission (a folder or a .zip) under the rules: (root, folder, Intake).
    `folder` is root/<the submission's name>; `root` is new and the caller's to remove."""
    source = Path(source)
    root = Path(tempfile.mkdtemp(prefix="chatkit-submission-"))
    name = readable(source.resolve().name if source.is_dir() else source.stem).replace("\\", "_")
    target = root / (name.strip(". ") or "submission")
    try:
        target.mkdir()
        if source.is_dir():
            intake = copy_tree(source, target, rename=True)
        else:
            intake = unpack_zip(source, target)
    except BaseException:
        shutil.rmtree(root, ignore_errors=True)
        raise
    return root, target, intake
