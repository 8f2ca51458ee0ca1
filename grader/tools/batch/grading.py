"""Grade a folder of submissions into a gradebook: `python -m grader batch SUBMISSIONS --csv grades.csv`.

SUBMISSIONS holds one entry per student: a folder or a .zip, named after the student.
Every entry is graded by grader.engine.runner.grade() with a single worker, and --jobs of them
run at once, each in a thread of this process. A thread is enough: grade() only
orchestrates (student code runs in sandboxed children, the checks in a pytest worker
process, every port comes from the OS, and a whole run is bounded by limits.RUN_TIMEOUT),
so a broken, hanging or crashing submission costs its own row and nothing else. Threads
also hand back the Result itself, which the feedback files and results.json are made from.

The CSV (UTF-8 with a BOM, so Excel shows Cyrillic; by default `;` and decimal commas for
--lang ru, as Excel under Russian regional settings reads them, `,` for en) has the columns

    student, tcp, udp, score, [strict,] seconds, status, hints, <one column per check id>

score is the final score (the better track), strict the --strict tier's score (the column
is there with --strict only), status says whether the row can be trusted ("проверено"/"graded") or
what went wrong: the entry did not open, a module did not start, or the grader itself
failed (re-run those). hints adds up the deepest hint level each check reached in the
student's own runs (.chatkit/hints.json in the submission, read and never written: 0 for
none, at most 3 per check), so an instructor sees who needed how much help. Check columns
hold the points earned.

A re-run skips submissions whose files have not changed: results are cached under a key
made of the submission's content (file names and bytes), the grading options and the
kit's own source and rubric, so a changed grader grades everything again. --force ignores
the cache.
"""
import dataclasses
import hashlib
import json
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path

from grader import KIT_ROOT
from grader.engine import rubric, runner
from grader.engine.hints import HintBook
from grader.engine.roles import given_for
from grader.engine.runner import Result, grade
from grader.engine.intake import read_bytes, readable, walk
from grader.engine.submission import UsageError, open_submission, release
from grader.messages import say
from grader.report.jsonfile import write_json
from grader.report.terminal import number_of

EXIT_OK, EXIT_USAGE, EXIT_GRADER_FAULT = 0, 2, 3
CACHE_NAME = ".chatkit-cache"
CACHE_VERSION = 1
SKIP_ENTRIES = {"__MACOSX", "__pycache__"}
# What decides a score: a change in any of these files grades everything again.
GRADING_PACKAGES = ("chatkit", "grader/engine", "grader/sandbox", "grader/chat", "grader/checks", "grader/messages")
FIXED_COLUMNS = ["student", "tcp", "udp", "score", "strict", "seconds", "status", "hints"]

# Row statuses, worst last: what the instructor must know about a row.
GRADED, DID_NOT_START, NOT_OPENED, GRADER_FAULT = "graded", "did_not_start", "not_opened", "grader_fault"

@dataclasses.dataclass
class Row:
    """One student's line of the gradebook."""
    student: str
    source: Path
    status: str = GRADED
    note: str = ""               # the one sentence behind a status other than GRADED
    result: Result | None = None
    cached: bool = False

    @property
    def seconds(self):
        return self.result.execution_time if self.result else 0.0

    def status_text(self, lang):
        label = say(f"batch.status.{self.status}", lang)
        return f"{label}: {self.note}" if self.note else label


# --- finding and fingerprinting submissions ------------------------------------------------

def find_entries(folder, exclude=()):
    """(student, path) for every sub-folder and .zip in `folder`, sorted by name, names unique.

    `exclude`: folders the batch itself writes (--json-dir, --feedback-dir), should they be
    inside SUBMISSIONS, so a re-run does not take them for students."""
    entries, seen = [], set()
    exclude = {Path(p).resolve() for p in exclude}
    for path in sorted(Path(folder).iterdir(), key=lambda p: p.name.casefold()):
        if path.name.startswith(".") or path.name in SKIP_ENTRIES or path.is_symlink():
            continue
        if path.resolve() in exclude:
            continue
        if path.is_dir():   # names as text: a byte that is not UTF-8 is shown as \xNN (intake.readable)
            student = readable(path.name)
        elif path.is_file() and path.suffix.lower() == ".zip":
            student = readable(path.stem)
        else:
            continue  # a stray file (a list of names, a previous grades.csv): not a submission
        unique, number = student, 2
        while unique.casefold() in seen:
            unique, number = f"{student} ({number})", number + 1
        seen.add(unique.casefold())
        entries.append((unique, path))
    return entries


def content_hash(folder):
    """A hash of everything the grader would copy from the folder: relative names and bytes,
    taken under the rules of grader/engine/intake.py (no link followed, within the budgets)."""
    digest = hashlib.sha256()
    for relative, path, _ in walk(folder):
        if relative.suffix == ".pyc":
            continue
        try:
            data = read_bytes(path)
        except OSError:
            data = b"\0unreadable"
        digest.update(str(relative).encode("utf-8", "surrogateescape") + b"\0")
        digest.update(hashlib.sha256(data).digest())
    return digest.hexdigest()


def kit_fingerprint():
    """A hash of the kit's version, rubric and grading sources: a changed grader grades again.

    Every file of the packages that decide a score is in it (GRADING_PACKAGES, whole);
    what only presents or packages results (grader/report/, grader/tools/, the command
    line) is not, so editing those keeps the cache.
    """
    digest = hashlib.sha256(f"cache-v{CACHE_VERSION}".encode())
    try:
        from importlib.metadata import version
        digest.update(version("chat-lab-kit").encode())
    except Exception:
        pass  # running from a source tree that is not installed: the sources below suffice
    for check in rubric.CHECKS:
        digest.update(f"{check.id}:{check.points}:{check.tier}\n".encode())
    for package in GRADING_PACKAGES:
        root = KIT_ROOT / package
        for path in sorted(root.rglob("*")):
            if path.suffix not in (".py", ".ini") or "__pycache__" in path.parts:
                continue
            digest.update(path.relative_to(KIT_ROOT).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


class Cache:
    """Results of earlier runs, one JSON file per key, in a folder of their own."""

    def __init__(self, folder, fingerprint, options):
        self.folder = Path(folder) if folder else None
        self.salt = f"{fingerprint}:{options.lang}:{options.strict}:{options.only}"
        if options.lenient or options.protocol:   # other rules, other grades (the default key is unchanged)
            self.salt += f":{options.lenient}:{json.dumps(options.protocol, sort_keys=True, ensure_ascii=False)}"

    def key(self, student, digest):
        # The student is part of the key: a row is "from the cache" only when this student's
        # own files were graded before, never because a classmate handed in the same files.
        return hashlib.sha256(f"{self.salt}:{student}:{digest}".encode()).hexdigest()

    def load(self, key):
        if self.folder is None:
            return None
        try:
            data = json.loads((self.folder / f"{key}.json").read_text(encoding="utf-8"))
            return Result.from_json(data["result"])
        except (OSError, ValueError, KeyError, TypeError):
            return None  # no entry, or one from another version: grade again

    def store(self, key, student, result):
        if self.folder is None:
            return
        try:
            write_json({"student": student, "result": dataclasses.asdict(result)}, self.folder / f"{key}.json")
        except OSError:
            pass  # a read-only cache only costs the next run some time


# --- grading one entry ------------------------------------------------------------------------

def start_failure(result):
    """The reason a module never started, if one did not: the row is then marked.

    The worker says which skipped checks were skipped because their module had failed to
    start (a record's "start_failed_in" names the check where it failed); that check's
    reason is the row's note.
    """
    records = result.by_id()
    for record in result.checks:
        failed_in = record.start_failed_in
        if failed_in and result.tracks[rubric.BY_ID[record.id].track]["state"] == "graded":
            return (records[failed_in].reason if failed_in in records else "") or rubric.BY_ID[record.id].module
    return None


def classify(row):
    """Mark a row whose grading was not clean (the grader failed, or a module did not start)."""
    result = row.result
    if result.grader_fault:
        row.status = GRADER_FAULT
        errors = [r for r in result.checks if r.status == "error"]
        row.note = ", ".join(number_of(r.id) for r in errors)
        return row
    reason = start_failure(result)
    if reason:
        row.status, row.note = DID_NOT_START, reason
    else:
        row.note = roles_note(result, row.student)
    return row


def roles_note(result, student):
    """The row's note when several files could play one part (issue 24): the report's sentence
    naming them all, and how to choose in a batch (--roles), so a row never reads a bare
    "graded" with a part missing."""
    lang = getattr(result.options, "lang", "ru")
    sentences, choices = [], {}
    for key, fields in (result.roles or {}).get("problems", []):
        if key in ("roles.ambiguous", "roles.chosen"):
            choices[fields["option"]] = fields.get("first") or fields.get("file")
            fields = dict(fields, part=say("roles.part." + fields["part"].removesuffix(".py"), lang))
            sentences.append(say(key, lang, **fields))
    if choices:
        sentences.append(say("batch.roles_hint", lang, example=json.dumps({student: choices}, ensure_ascii=False)))
    return " ".join(sentences)


def grade_entry(student, path, options, cache, force):
    """Grade one entry and return its Row; never raises."""
    try:
        return _grade_entry(student, path, options, cache, force)
    except Exception as error:   # whatever happened, the row says so and the batch goes on
        return crashed_row(student, path, error, options.lang)


def crashed_row(student, path, error, lang):
    """The row of an entry whose grading raised: the grader's own fault, with the error."""
    return Row(student, Path(path), GRADER_FAULT, say("batch.raised", lang, error=readable(
        f"{type(error).__name__}: {error}")))


def _grade_entry(student, path, options, cache, force):
    row = Row(student, Path(path))
    # With --roles FILE, options.roles holds the whole mapping: keep this student's part of it.
    options = dataclasses.replace(options, roles=given_for(getattr(options, "roles", None), student))
    try:
        folder = open_submission(path, options.lang)
    except UsageError as error:
        row.status, row.note = NOT_OPENED, str(error)
        return row
    except Exception as error:  # an unreadable entry: its row says so, the batch goes on
        row.status, row.note = NOT_OPENED, readable(f"{type(error).__name__}: {error}")
        return row
    try:
        key = cache.key(student, content_hash(folder) + json.dumps(options.roles, sort_keys=True))
        if not force:
            cached = cache.load(key)
            if cached is not None:
                hints = HintBook.load(folder, writable=False).deepest()   # not in the cache key
                row.result, row.cached = dataclasses.replace(cached, hints=hints), True
                classify(row)
                row.result = dataclasses.replace(row.result, folder=str(path))
                return row
        result = grade(folder, dataclasses.replace(options, workers=1))
        row.result = dataclasses.replace(result, hints=HintBook.load(folder, writable=False).deepest())
        classify(row)
        # reports name what the instructor gave, not a temp folder
        result = row.result = dataclasses.replace(row.result, folder=str(path))
        if row.status != GRADER_FAULT:
            cache.store(key, student, result)
        return row
    except Exception as error:
        return crashed_row(student, path, error, options.lang)
    finally:
        release(folder)   # the private copy open_submission made


def run(submissions, options, jobs=2, cache_dir=None, force=False, on_start=None, on_done=None, exclude=()):
    """Grade every entry of `submissions`; return the rows, sorted by student."""
    entries = find_entries(submissions, exclude)
    cache = Cache(cache_dir, kit_fingerprint(), options)
    rows = []

    def job(student, path):
        if on_start:
            try:
                on_start(student)
            except Exception:
                pass   # the progress bar is not worth a row
        return grade_entry(student, path, options, cache, force)

    runner.STOP.clear()
    pool = ThreadPoolExecutor(max_workers=max(1, jobs), thread_name_prefix="grade")
    futures = {pool.submit(job, student, path): (student, path) for student, path in entries}
    try:
        for future in as_completed(futures):
            try:
                row = future.result()
            except Exception as error:   # one row can never take the batch down
                row = crashed_row(*futures[future], error, options.lang)
            rows.append(row)
            if on_done:
                try:
                    on_done(row)
                except Exception:
                    pass
    except KeyboardInterrupt:
        # Ctrl+C: the rows being graded stop their workers (which stop the students'
        # processes and remove their copies) and raise; those not begun never begin.
        runner.STOP.set()
        pool.shutdown(wait=True, cancel_futures=True)
        finished = {id(row) for row in rows}
        for future in futures:
            if future.done() and not future.cancelled() and future.exception() is None \
                    and id(future.result()) not in finished:
                rows.append(future.result())
        rows.sort(key=lambda row: row.student.casefold())
        raise Interrupted(rows, len(entries)) from None
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        runner.STOP.clear()
    rows.sort(key=lambda row: row.student.casefold())
    return rows


class Interrupted(KeyboardInterrupt):
    """Ctrl+C during a batch: `rows` are the entries whose grading finished, of `total`."""

    def __init__(self, rows, total):
        super().__init__()
        self.rows, self.total = rows, total
