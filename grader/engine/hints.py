"""Graduated hints: which level of each check's hint a student has reached, remembered in the
submission folder.

Every check carries its hint in levels (grader/engine/rubric.py, Check.hints): 1 the concept,
2 the API to use, 3 the shape of the code. None of them is the solution. The report shows
level 1 at a check's first failure, and the next level only when the same check fails again
after the code it grades has changed: running the grader twice on the same code teaches
nothing new, so it shows the same level again. `python -m grader hint 1.6` asks for the next
level at once.

The memory is .chatkit/hints.json in the submission folder, read and written without
following links (a `.chatkit` that is a link is never used) and within limits.HINTS_MAX_BYTES:
a memory that is a link, too big or not ours is an empty memory, never an error. The folder holds its own
.gitignore (`*`), so no repository a student keeps picks it up; the sandbox's copy of the
submission and the batch cache's content hash skip it (grader/sandbox/workdir.py,
COPY_SKIP), so it never changes a score. Only the student's own runs write it: batch,
Gradescope and the step mode read it, and a folder that cannot be written (a read-only
mount, an unpacked zip) simply keeps no memory.

    {"version": 1, "checks": {"tcp.server.no_echo": {"level": 2, "deepest": 2, "code": "<sha256>"}}}

`code` is the hash of the file that played the check's part when the level was last shown.
"""
import hashlib
import json
import os
import secrets
import stat
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

from grader.engine import limits, rubric
from grader.engine.intake import BINARY, NOFOLLOW, read_bytes

STATE_DIR = ".chatkit"
STATE_FILE = "hints.json"
VERSION = 1


def levels_of(check_id):
    """How many hint levels a check has (3 for every check of the rubric)."""
    return len(rubric.BY_ID[check_id].hints)


def code_hash(path):
    """The hash of one file's bytes; "" when it cannot be read (a missing module, a link, one
    over the budgets of grader/engine/intake.py)."""
    try:
        return hashlib.sha256(read_bytes(path)).hexdigest()
    except OSError:
        return ""


# Where the system can, .chatkit is opened once without following a link (O_NOFOLLOW |
# O_DIRECTORY) and the memory read and written by name inside that open folder: a .chatkit
# swapped for a link meanwhile changes nothing. Elsewhere (Windows) .chatkit is checked with
# lstat() first, and any link is refused.
AT_FOLDER = (os.open in os.supports_dir_fd and os.rename in os.supports_dir_fd
             and hasattr(os, "O_DIRECTORY") and bool(NOFOLLOW))


def state_dir(folder, create=False):
    """The folder's .chatkit, or None when it is absent (and not created), or is not a plain
    folder: a link (`.chatkit -> ..`) is never followed, read or written through."""
    directory = Path(folder) / STATE_DIR
    try:
        info = os.lstat(directory)
    except FileNotFoundError:
        if not create:
            return None
        try:
            directory.mkdir()          # never through a link: a dangling one makes this fail
        except OSError:
            return None
        info = os.lstat(directory)
    except OSError:
        return None
    return directory if stat.S_ISDIR(info.st_mode) else None


@contextmanager
def opened_state_dir(folder, create=False):
    """(path, descriptor or None) of the folder's .chatkit, or (None, None): see AT_FOLDER."""
    directory = state_dir(folder, create)
    if directory is None or not AT_FOLDER:
        yield directory, None
        return
    try:
        fd = os.open(directory, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | NOFOLLOW)
    except OSError:
        yield None, None   # swapped for a link since lstat(): nothing is read or written
        return
    try:
        yield directory, fd
    finally:
        os.close(fd)


def _at(directory, fd, name):
    """os.* arguments for `name` in .chatkit: by name in the open folder, or by path."""
    return (name, {"dir_fd": fd}) if fd is not None else (directory / name, {})


def module_file(folder, check_id, roles=None):
    """The file that plays the check's part in `folder` (`roles`: Result.roles, or found now)."""
    module = rubric.BY_ID[check_id].module
    files = (roles or {}).get("files") if isinstance(roles, dict) else None
    if files is None:
        from grader.engine.roles import find_roles
        name = find_roles(folder).file(module)
    else:
        name = files.get(module) or module
    return Path(folder) / name


def counts_as_failure(record):
    """Did the check run and fail on the student's code? A module that never started, a check
    that was skipped or the grader's own fault teaches nothing about the check itself."""
    return record.status == "failed" and not record.start_failed


class HintBook:
    """The hint levels reached in one submission folder."""

    def __init__(self, folder, checks=None, writable=True):
        self.folder = Path(folder)
        self.checks = checks if checks is not None else {}
        self.writable = writable

    @property
    def path(self):
        return self.folder / STATE_DIR / STATE_FILE

    @classmethod
    def load(cls, folder, writable=True):
        """The folder's memory; an absent, unreadable or foreign file is an empty memory."""
        from grader.engine.submission import origin_of
        home = origin_of(folder)    # a private copy's memory is in the folder the user gave
        book = cls(home or folder, writable=writable and home is not None)
        with opened_state_dir(book.folder) as (directory, fd):
            if directory is None:
                return book
            name, where = _at(directory, fd, STATE_FILE)
            try:   # never through a link, never more than the budget: else an empty memory
                data = json.loads(read_bytes(name, limits.HINTS_MAX_BYTES, **where).decode("utf-8"))
            except (OSError, ValueError, RecursionError):
                return book
        checks = data.get("checks") if isinstance(data, dict) else None
        if isinstance(checks, dict):
            for check_id, entry in checks.items():
                if check_id in rubric.BY_ID and isinstance(entry, dict) and isinstance(entry.get("level"), int):
                    top = levels_of(check_id)
                    level = max(0, min(top, entry["level"]))
                    deepest = entry.get("deepest") if isinstance(entry.get("deepest"), int) else level
                    book.checks[check_id] = {"level": level, "deepest": max(level, min(top, deepest)),
                                             "code": str(entry.get("code") or "")}
        return book

    def level(self, check_id):
        """The level last shown for a check (0: none yet)."""
        return self.checks.get(check_id, {}).get("level", 0)

    def deepest(self):
        """{check id: the deepest level reached}, for every check that reached one."""
        return {check_id: entry["deepest"] for check_id, entry in self.checks.items() if entry["deepest"]}

    def _show(self, check_id, level, code):
        entry = self.checks.setdefault(check_id, {"level": 0, "deepest": 0, "code": ""})
        entry["level"] = level
        entry["deepest"] = max(entry["deepest"], level)
        entry["code"] = code
        return level

    def failed(self, check_id, code):
        """The level to show for a failure of `check_id` on code hashed `code`, remembered.

        The first failure shows level 1. A level rises only when all three hold: it was shown
        (it is remembered here, with the code it was shown on), the code changed since, and
        this check failed again; a failure on the same code shows the same level again. The
        full run and the step mode both call this, so they share one memory and one rule; a
        start failure never gets here (counts_as_failure), so it spends nothing."""
        current = self.level(check_id)
        if current == 0:
            return self._show(check_id, 1, code)
        if code != self.checks[check_id]["code"]:
            return self._show(check_id, min(levels_of(check_id), current + 1), code)
        return current

    def ask(self, check_id, code):
        """`python -m grader hint N`: the next level now, whatever the code."""
        return self._show(check_id, min(levels_of(check_id), self.level(check_id) + 1), code)

    def after_run(self, result):
        """Remember the level of every failed check of a grading Result; return the Result
        with each failed check's level (Outcome.hint_level) and the deepest levels (hints)."""
        checks = []
        for record in result.checks:
            if counts_as_failure(record):
                code = code_hash(module_file(result.folder, record.id, result.roles))
                record = replace(record, hint_level=self.failed(record.id, code))
            checks.append(record)
        return replace(result, checks=checks, hints=self.deepest())

    def save(self):
        """Write the memory (atomically); False when the folder cannot be written."""
        if not self.writable or (not self.checks and not os.path.lexists(self.path)):
            return False   # nothing to remember: no folder is created for it
        with opened_state_dir(self.folder, create=True) as (directory, fd):
            if directory is None:
                return False   # .chatkit is a link or not a folder: nothing is written through it
            return self._write(directory, fd)

    def _write(self, directory, fd):
        data = json.dumps({"version": VERSION, "checks": self.checks}, ensure_ascii=False, indent=1,
                          sort_keys=True).encode("utf-8")
        temporary = f".hints-{secrets.token_hex(6)}.json"
        create = os.O_WRONLY | os.O_CREAT | os.O_EXCL | NOFOLLOW | BINARY   # O_EXCL never follows a link
        try:
            try:   # a .gitignore that is already there (even a link) stays as it is
                name, where = _at(directory, fd, ".gitignore")
                with os.fdopen(os.open(name, create, 0o644, **where), "w", encoding="utf-8") as out:
                    out.write("# python -m grader remembers the hints it showed here\n*\n")
            except FileExistsError:
                pass
            name, where = _at(directory, fd, temporary)
            with os.fdopen(os.open(name, create, 0o644, **where), "wb") as out:
                out.write(data)
            target, _ = _at(directory, fd, STATE_FILE)
            os.replace(name, target, **({"src_dir_fd": fd, "dst_dir_fd": fd} if fd is not None else {}))
            return True   # replaced a link named hints.json, never its target
        except OSError:
            name, where = _at(directory, fd, temporary)
            try:
                os.unlink(name, **where)
            except OSError:
                pass
            return False


def find_check(number):
    """A check by its report number ("1.6", "3.5") or its id ("tcp.server.no_echo"); None if none."""
    if number in rubric.BY_ID:
        return rubric.BY_ID[number]
    head, _, tail = number.partition(".")
    if not (head.isdigit() and tail.isdigit()):
        return None
    index = int(head) - 1
    tier = rubric.TIERS[index // len(rubric.TRACKS)] if 0 <= index < len(rubric.TIERS) * len(rubric.TRACKS) else None
    if tier is None:
        return None
    same = rubric.checks(rubric.TRACKS[index % len(rubric.TRACKS)], tier=tier)
    position = int(tail) - 1
    return same[position] if 0 <= position < len(same) else None
