"""Graduated hints: which level of each check's hint a student has reached, remembered in the
submission folder.

Every check carries its hint in levels (grader/engine/rubric.py, Check.hints): 1 the concept,
2 the API to use, 3 the shape of the code. None of them is the solution. The report shows
level 1 at a check's first failure, and the next level only when the same check fails again
after the code it grades has changed: running the grader twice on the same code teaches
nothing new, so it shows the same level again. `python -m grader hint 1.6` asks for the next
level at once.

The memory is .chatkit/hints.json in the submission folder. The folder holds its own
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
import tempfile
from pathlib import Path

from grader.engine import rubric

STATE_DIR = ".chatkit"
STATE_FILE = "hints.json"
VERSION = 1


def levels_of(check_id):
    """How many hint levels a check has (3 for every check of the rubric)."""
    return len(rubric.BY_ID[check_id].hints)


def code_hash(path):
    """The hash of one file's bytes; "" when it cannot be read (a missing module)."""
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError:
        return ""


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
    return record.get("status") == "failed" and not record.get("start_failed")


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
        book = cls(folder, writable=writable)
        try:
            data = json.loads(book.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
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
        """Give every failed check of a grading Result its level (record["hint_level"]),
        remember them, and return {check id: level} for the failed checks."""
        shown = {}
        for record in result.checks:
            if not counts_as_failure(record):
                continue
            code = code_hash(module_file(result.folder, record["id"], result.roles))
            record["hint_level"] = shown[record["id"]] = self.failed(record["id"], code)
        return shown

    def save(self):
        """Write the memory (atomically); False when the folder cannot be written."""
        if not self.writable or (not self.checks and not self.path.exists()):
            return False   # nothing to remember: no folder is created for it
        directory = self.path.parent
        try:
            directory.mkdir(exist_ok=True)
            ignore = directory / ".gitignore"
            if not ignore.exists():
                ignore.write_text("# python -m grader remembers the hints it showed here\n*\n", encoding="utf-8")
            handle, temporary = tempfile.mkstemp(prefix=".hints-", suffix=".json", dir=directory)
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                json.dump({"version": VERSION, "checks": self.checks}, out, ensure_ascii=False, indent=1,
                          sort_keys=True)
            os.replace(temporary, self.path)
            return True
        except OSError:
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
