"""Grade a folder of submissions into a gradebook: `python -m grader batch SUBMISSIONS --csv grades.csv`.

SUBMISSIONS holds one entry per student: a folder or a .zip, named after the student.
Every entry is graded by grader.runner.grade() with a single worker, and --jobs of them
run at once, each in a thread of this process. A thread is enough: grade() only
orchestrates (student code runs in sandboxed children, the checks in a pytest worker
process, every port comes from the OS, and a whole run is bounded by limits.RUN_TIMEOUT),
so a broken, hanging or crashing submission costs its own row and nothing else. Threads
also hand back the Result itself, which the feedback files and results.json are made from.

The CSV (UTF-8 with a BOM, so Excel shows Cyrillic; --sep ';' for Excel set to Russian)
has the columns

    student, tcp, udp, score, strict, seconds, status, <one column per check id>

score is the final score (the better track), strict the --strict tier's score (empty
without --strict), status says whether the row can be trusted ("проверено"/"graded") or
what went wrong: the entry did not open, a module did not start, or the grader itself
failed (re-run those). Check columns hold the points earned.

A re-run skips submissions whose files have not changed: results are cached under a key
made of the submission's content (file names and bytes), the grading options and the
kit's own source and rubric, so a changed grader grades everything again. --force ignores
the cache.
"""
import argparse
import csv
import dataclasses
import hashlib
import io
import json
import os
import re
import shutil
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from grader import rubric
from grader.messages import say
from grader.report import number_of, plain, render
from grader.results import to_gradescope, write_json
from grader.runner import Options, Result, expected_ids, grade
from grader.sandbox import COPY_SKIP, KIT_ROOT
from grader.static import read_facts
from grader.submission import UsageError, open_submission
from grader.engine.roles import given_for, read_mapping
from grader.messages import say

EXIT_OK, EXIT_USAGE, EXIT_GRADER_FAULT = 0, 2, 3
CACHE_NAME = ".chatkit-cache"
CACHE_VERSION = 1
SKIP_ENTRIES = {"__MACOSX", "__pycache__"}
# Modules that only present or package results: editing them never changes a score, so
# they stay out of the cache key (every other source of the kit is in it).
NOT_GRADING = {"__main__.py", "batch.py", "bundle.py", "demo.py", "bench.py", "report.py", "results.py",
               "i18n.py", "submission.py", "cli.py", "gradescope.py", "prairielearn.py"}
FIXED_COLUMNS = ["student", "tcp", "udp", "score", "strict", "seconds", "status"]

# Row statuses, worst last: what the instructor must know about a row.
GRADED, DID_NOT_START, NOT_OPENED, GRADER_FAULT = "graded", "did_not_start", "not_opened", "grader_fault"

WORDS = {
    "ru": {
        GRADED: "проверено", DID_NOT_START: "не запустился", NOT_OPENED: "не открылось",
        GRADER_FAULT: "сбой проверяющей программы",
        "student": "Студент", "final": "Итог", "strict": "Строгий", "seconds": "Время, с",
        "failed": "Не пройдено", "progress": "Проверяем", "cached": "кэш",
        "title": "Проверка {count} решений из {folder}",
        "summary": "Решений: {total}; проверено без замечаний: {clean}; не открылось: {not_opened}; "
                   "не запустилось: {did_not_start}; сбой проверки: {fault}.",
        "from_cache": "Из кэша (файлы не менялись): {count}; --force проверит их заново.",
        "fault_advice": "Строки со сбоем проверяющей программы — не вина студентов: запустите их ещё раз "
                        "(сбой не кэшируется).",
        "csv": "Таблица: {path}", "json": "results.json: {path}", "feedback": "Отзывы: {path}",
        "done_line": "{student}: {score} ({seconds} с) {status}",
        "no_folder": "Не нашли папку «{path}»: укажите папку, где лежит по папке или .zip на каждого студента.",
        "not_a_folder": "«{path}» — не папка: укажите папку, где лежит по папке или .zip на каждого студента.",
        "empty": "В «{path}» нет ни папок, ни .zip: положите туда по папке или архиву на каждого студента.",
        "csv_failed": "Не удалось записать «{path}» ({error}): файл открыт в Excel? Закройте его и запустите снова.",
        "raised": "проверка упала: {error}",
        "feedback_title": "Проверка чата: {student}",
        "feedback_score": "Итог: **{score}** из 100 (TCP: {tcp} из 100, UDP: {udp} из 80).",
        "feedback_not_graded": "Решение не проверено.",
    },
    "en": {
        GRADED: "graded", DID_NOT_START: "did not start", NOT_OPENED: "did not open",
        GRADER_FAULT: "grader fault",
        "student": "Student", "final": "Final", "strict": "Strict", "seconds": "Time, s",
        "failed": "Failed", "progress": "Grading", "cached": "cached",
        "title": "Grading {count} submissions in {folder}",
        "summary": "Submissions: {total}; graded cleanly: {clean}; did not open: {not_opened}; "
                   "did not start: {did_not_start}; grader fault: {fault}.",
        "from_cache": "From the cache (files unchanged): {count}; --force grades them again.",
        "fault_advice": "Rows with a grader fault are not the students' fault: run the batch again "
                        "(faults are never cached).",
        "csv": "Gradebook: {path}", "json": "results.json: {path}", "feedback": "Feedback: {path}",
        "done_line": "{student}: {score} ({seconds} s) {status}",
        "no_folder": "\"{path}\" does not exist: give the folder that holds one folder or .zip per student.",
        "not_a_folder": "\"{path}\" is not a folder: give the folder that holds one folder or .zip per student.",
        "empty": "\"{path}\" holds no folders and no .zip files: put one per student there.",
        "csv_failed": "Could not write \"{path}\" ({error}): is it open in Excel? Close it and run again.",
        "raised": "grading crashed: {error}",
        "feedback_title": "Chat check: {student}",
        "feedback_score": "Final score: **{score}** of 100 (TCP: {tcp} of 100, UDP: {udp} of 80).",
        "feedback_not_graded": "The submission was not graded.",
    },
}


def w(lang, key, **values):
    text = WORDS[lang][key]
    return text.format(**values) if values else text


@dataclasses.dataclass
class Row:
    """One student's line of the gradebook."""
    student: str
    source: Path
    status: str = GRADED
    note: str = ""               # the one sentence behind a status other than GRADED
    result: Result = None
    cached: bool = False

    @property
    def seconds(self):
        return self.result.execution_time if self.result else 0.0

    def status_text(self, lang):
        label = w(lang, self.status)
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
        if path.is_dir():
            student = path.name
        elif path.is_file() and path.suffix.lower() == ".zip":
            student = path.stem
        else:
            continue  # a stray file (a list of names, a previous grades.csv): not a submission
        unique, number = student, 2
        while unique.casefold() in seen:
            unique, number = f"{student} ({number})", number + 1
        seen.add(unique.casefold())
        entries.append((unique, path))
    return entries


def content_hash(folder):
    """A hash of everything the grader would copy from the folder: relative names and bytes."""
    digest = hashlib.sha256()
    root = Path(folder)
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root)
        if any(part in COPY_SKIP for part in relative.parts) or path.is_symlink() or not path.is_file():
            continue
        if path.suffix == ".pyc":
            continue
        digest.update(relative.as_posix().encode("utf-8") + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def kit_fingerprint():
    """A hash of the kit's version, rubric and grading sources: a changed grader grades again."""
    digest = hashlib.sha256(f"cache-v{CACHE_VERSION}".encode())
    try:
        from importlib.metadata import version
        digest.update(version("chat-lab-kit").encode())
    except Exception:
        pass  # running from a source tree that is not installed: the sources below suffice
    for check in rubric.CHECKS:
        digest.update(f"{check.id}:{check.points}:{check.tier}\n".encode())
    for package in ("chatkit", "grader", "grader/checks"):
        for path in sorted((KIT_ROOT / package).glob("*.py")):
            if path.name in NOT_GRADING:
                continue
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


class Cache:
    """Results of earlier runs, one JSON file per key, in a folder of their own."""

    def __init__(self, folder, fingerprint, options):
        self.folder = Path(folder) if folder else None
        self.salt = f"{fingerprint}:{options.lang}:{options.strict}:{options.only}"

    def key(self, student, digest):
        # The student is part of the key: a row is "from the cache" only when this student's
        # own files were graded before, never because a classmate handed in the same files.
        return hashlib.sha256(f"{self.salt}:{student}:{digest}".encode()).hexdigest()

    def load(self, key):
        if self.folder is None:
            return None
        try:
            data = json.loads((self.folder / f"{key}.json").read_text(encoding="utf-8"))
            stored = data["result"]
            names = {f.name for f in dataclasses.fields(Result)}
            values = {name: value for name, value in stored.items() if name in names}
            values["options"] = Options(**stored["options"])
            return Result(**values)
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

def _zip_root(folder):
    """The temporary folder open_submission unpacked a zip into, or None for a plain folder."""
    temp = Path(tempfile.gettempdir()).resolve()
    for parent in [Path(folder), *Path(folder).parents]:
        if parent.parent == temp and parent.name.startswith("chatkit-zip-"):
            return parent
    return None


def start_failure(result, folder):
    """The reason a module never started, if one did not: the row is then marked."""
    records = result.by_id()
    folder = Path(folder)
    for (track, role), module in rubric.MODULES.items():
        if result.tracks[track]["state"] != "graded":
            continue
        facts = read_facts(folder / (((result.roles or {}).get("files") or {}).get(module) or module))
        if not facts.exists or facts.not_started:
            continue
        ids = [c.id for c in rubric.checks(track, role) if c.id in records]
        # A check of a present, started module is skipped only after the module failed to
        # start; the failure itself is the last failed check before the first skip.
        skipped = [i for i, check_id in enumerate(ids) if records[check_id]["status"] == "skipped"]
        if not skipped:
            continue
        failed = [records[check_id] for check_id in ids[:skipped[0]] if records[check_id]["status"] == "failed"]
        if failed:
            return failed[-1]["reason"] or module
        return module
    return None


def classify(row, folder):
    """Mark a row whose grading was not clean (the grader failed, or a module did not start)."""
    result = row.result
    if result.grader_fault:
        row.status = GRADER_FAULT
        errors = [r for r in result.checks if r["status"] == "error"]
        row.note = ", ".join(number_of(r["id"]) for r in errors)
        return row
    reason = start_failure(result, folder)
    if reason:
        row.status, row.note = DID_NOT_START, reason
    return row


def grade_entry(student, path, options, cache, force):
    """Grade one entry and return its Row; never raises."""
    row = Row(student, Path(path))
    # With --roles FILE, options.roles holds the whole mapping: keep this student's part of it.
    options = dataclasses.replace(options, roles=given_for(getattr(options, "roles", None), student))
    try:
        folder = open_submission(path, options.lang)
    except UsageError as error:
        row.status, row.note = NOT_OPENED, str(error)
        return row
    except Exception as error:  # an unreadable entry: its row says so, the batch goes on
        row.status, row.note = NOT_OPENED, f"{type(error).__name__}: {error}"
        return row
    try:
        key = cache.key(student, content_hash(folder) + json.dumps(options.roles, sort_keys=True))
        if not force:
            cached = cache.load(key)
            if cached is not None:
                row.result, row.cached = cached, True
                classify(row, folder)
                cached.folder = str(path)
                return row
        result = grade(folder, dataclasses.replace(options, workers=1))
        row.result = result
        classify(row, folder)         # reads the sources, so before the unpacked zip goes
        result.folder = str(path)     # reports name what the instructor gave, not a temp folder
        if row.status != GRADER_FAULT:
            cache.store(key, student, result)
        return row
    except Exception as error:
        row.result = None
        row.status, row.note = GRADER_FAULT, w(options.lang, "raised", error=f"{type(error).__name__}: {error}")
        return row
    finally:
        root = _zip_root(folder)
        if root is not None:
            shutil.rmtree(root, ignore_errors=True)


# --- the gradebook, results.json and feedback files -----------------------------------------

def number(value):
    """A score as a spreadsheet shows it best: 100 rather than 100.0."""
    if value is None:
        return ""
    value = float(value)
    return str(int(value)) if value.is_integer() else f"{value:.2f}".rstrip("0")


def check_columns(options):
    return expected_ids(options)


def csv_rows(rows, options, lang):
    ids = check_columns(options)
    yield FIXED_COLUMNS + ids
    for row in rows:
        result = row.result
        if result is None:
            score = "0" if row.status == NOT_OPENED else ""   # a crash is re-graded, not a zero
            yield [row.student, score, score, score, "", "", row.status_text(lang)] + [""] * len(ids)
            continue
        records = result.by_id()
        yield ([row.student, number(result.tracks["tcp"]["score"]), number(result.tracks["udp"]["score"]),
                number(result.score), number(result.strict_score) if options.strict else "",
                f"{result.execution_time:.1f}", row.status_text(lang)]
               + [number(records[i]["points"]) if i in records else "" for i in ids])


def write_csv(rows, options, lang, path, sep=","):
    """Write the gradebook atomically, UTF-8 with a BOM so that Excel reads Cyrillic."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=".grades-", suffix=".csv", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8-sig", newline="") as out:
            csv.writer(out, delimiter=sep).writerows(csv_rows(rows, options, lang))
        os.replace(temporary, path)
    except OSError:
        Path(temporary).unlink(missing_ok=True)
        raise


UNSAFE = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|]')


def file_stem(student):
    """The student's name as a file name: path separators and the like replaced."""
    return UNSAFE.sub("_", student).strip(" .") or "_"


def not_graded_document(row, lang):
    """results.json for an entry that could not be graded: zero, and the sentence why."""
    return {"score": 0, "max_score": 100, "execution_time": 0, "output": row.status_text(lang),
            "extra_data": {"status": row.status, "note": row.note, "source": str(row.source)}, "tests": []}


def write_json_file(row, folder, lang):
    document = to_gradescope(row.result, lang) if row.result else not_graded_document(row, lang)
    document.setdefault("extra_data", {})["status"] = row.status
    write_json(document, Path(folder) / f"{file_stem(row.student)}.json")


def feedback_markdown(row, lang):
    lines = [f"# {w(lang, 'feedback_title', student=row.student)}", ""]
    result = row.result
    if result is None:
        lines += [w(lang, "feedback_not_graded"), "", row.status_text(lang), ""]
        return "\n".join(lines)
    lines += [w(lang, "feedback_score", score=number(result.score), tcp=number(result.tracks["tcp"]["score"]),
                udp=number(result.tracks["udp"]["score"])), ""]
    if row.status != GRADED:
        lines += [f"**{row.status_text(lang)}**", ""]
    report = plain(lambda console: render(result, console, lang))
    lines += ["```text", report.rstrip("\n"), "```", ""]
    return "\n".join(lines)


def feedback_html(row, lang):
    """The terminal report with its colours, as a standalone HTML page."""
    console = Console(record=True, file=io.StringIO(), width=100, force_terminal=True,
                      color_system="truecolor", highlight=False)
    if row.result is None:
        console.print(Text(w(lang, "feedback_title", student=row.student), style="bold"))
        console.print(Text(row.status_text(lang), style="red"))
    else:
        if row.status != GRADED:
            console.print(Text(row.status_text(lang), style="bold red"))
        render(row.result, console, lang)
    return console.export_html(inline_styles=True)


def write_feedback(row, folder, lang):
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    stem = file_stem(row.student)
    (folder / f"{stem}.md").write_text(feedback_markdown(row, lang), encoding="utf-8")
    (folder / f"{stem}.html").write_text(feedback_html(row, lang), encoding="utf-8")


# --- the terminal -------------------------------------------------------------------------------

def failed_numbers(result):
    """Numbers of the checks that failed in the tracks that were graded."""
    return [number_of(r["id"]) for r in result.checks
            if r["status"] in ("failed", "error") and result.tracks[rubric.BY_ID[r["id"]].track]["state"] == "graded"]


def summary_table(rows, options, lang):
    table = Table(show_header=True, header_style="bold")
    table.add_column(w(lang, "student"))
    table.add_column("TCP", justify="right")
    table.add_column("UDP", justify="right")
    table.add_column(w(lang, "final"), justify="right")
    if options.strict:
        table.add_column(w(lang, "strict"), justify="right")
    table.add_column(w(lang, "seconds"), justify="right")
    table.add_column(w(lang, "failed"))
    for row in rows:
        result = row.result
        failed = Text(", ".join(failed_numbers(result)) if result else "")
        if row.status != GRADED:
            note = row.note if len(row.note) <= 90 else row.note[:89] + "…"
            marker = Text(f"⚠ {w(lang, row.status)}" + (f": {note}" if note else ""),
                          style="magenta" if row.status == GRADER_FAULT else "red")
            failed = Text.assemble(marker, "\n" if failed.plain else "", failed)
        if result is None:
            cells = ["–", "–", Text("0" if row.status == NOT_OPENED else "–", style="bold")]
            seconds = "–"
        else:
            style = "green" if result.score >= 100 else "yellow" if result.score > 0 else "red"
            cells = [number(result.tracks["tcp"]["score"]), number(result.tracks["udp"]["score"]),
                     Text(number(result.score), style=f"bold {style}")]
            seconds = f"{result.execution_time:.1f}" + (f" ({w(lang, 'cached')})" if row.cached else "")
        if options.strict:
            cells.append(number(result.strict_score) if result else "–")
        table.add_row(Text(row.student), *cells, seconds, failed)
    return table


class BatchProgress:
    """A bar over the submissions while they are graded; a line per finished one without a terminal."""

    def __init__(self, console, total, lang):
        self.console, self.lang = console, lang
        self.enabled = console.is_terminal
        self.running = []
        self.lock = threading.Lock()
        self.progress = Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(),
                                 MofNCompleteColumn(), TimeElapsedColumn(), console=console, transient=True)
        self.task = self.progress.add_task(w(lang, "progress"), total=total)

    def __enter__(self):
        if self.enabled:
            self.progress.start()
        return self

    def __exit__(self, *exc):
        if self.enabled:
            self.progress.stop()

    def _describe(self):
        names = ", ".join(self.running[:3]) + (" …" if len(self.running) > 3 else "")
        self.progress.update(self.task, description=f"{w(self.lang, 'progress')}: {names}" if names
                             else w(self.lang, "progress"))

    def started(self, student):
        with self.lock:
            self.running.append(student)
            self._describe()

    def finished(self, row):
        with self.lock:
            if row.student in self.running:
                self.running.remove(row.student)
            self._describe()
            self.progress.advance(self.task)
        if not self.enabled:
            score = number(row.result.score) if row.result else "–"
            status = "" if row.status == GRADED else f"[{row.status_text(self.lang)}]"
            if row.cached:
                status = f"({w(self.lang, 'cached')}) {status}"
            self.console.print(w(self.lang, "done_line", student=row.student, score=score,
                                 seconds=f"{row.seconds:.1f}", status=status).rstrip(),
                               markup=False, highlight=False, soft_wrap=True)


# --- the command --------------------------------------------------------------------------------

def parser():
    p = argparse.ArgumentParser(
        prog="python -m grader batch",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Проверить папку с решениями всей группы и записать ведомость (CSV). "
                    "Grade a folder of submissions into a gradebook.",
        epilog="В папке SUBMISSIONS — по папке или .zip на студента; имя папки (архива) — имя студента.\n"
               "CSV в UTF-8 с BOM (Excel видит кириллицу). Столбцы / columns:\n"
               "  student, tcp, udp, score (итог: лучший вариант), strict (только с --strict), seconds,\n"
               "  status (проверено / не открылось / не запустился / сбой проверяющей программы),\n"
               "  затем по столбцу на каждую проверку (id из рубрики) с полученными баллами.\n"
               "Повторный запуск берёт неизменённые решения из кэша (SUBMISSIONS/.chatkit-cache); --force — проверить всё заново.\n"
               "Код выхода: 0 — проверено, 2 — ошибка в аргументах, 3 — у какой-то строки сбой проверяющей программы.")
    p.add_argument("submissions", metavar="SUBMISSIONS", help="папка: по папке или .zip на каждого студента")
    p.add_argument("--csv", required=True, metavar="FILE", help="куда записать ведомость (CSV, UTF-8 с BOM)")
    p.add_argument("--jobs", type=int, default=2, metavar="N",
                   help="сколько решений проверять одновременно (по умолчанию 2; каждое занимает ~1 ядро)")
    p.add_argument("--json-dir", metavar="DIR", help="записать results.json каждого студента: DIR/<студент>.json")
    p.add_argument("--feedback-dir", metavar="DIR",
                   help="записать отзыв для каждого студента: DIR/<студент>.md и .html (тот же отчёт, что в терминале)")
    p.add_argument("--roles", metavar="FILE",
                   help="JSON: какой файл считать за какую часть, {\"*\": {\"tcp-server\": \"server.py\"}, \"ivanov\": {...}}")
    p.add_argument("--force", action="store_true", help="проверить заново и то, что есть в кэше")
    p.add_argument("--cache-dir", metavar="DIR", help=f"где хранить кэш (по умолчанию SUBMISSIONS/{CACHE_NAME})")
    p.add_argument("--lang", choices=("ru", "en"), default="ru", help="язык отчётов и статусов (по умолчанию ru)")
    p.add_argument("--strict", action="store_true", help="добавить строгий уровень проверок (столбец strict)")
    p.add_argument("--sep", default=",", choices=(",", ";", "tab"), metavar="SEP",
                   help="разделитель CSV: «,» (по умолчанию), «;» — для Excel с русскими настройками, или tab")
    lms = p.add_argument_group("ведомости для LMS и обзор группы / gradebooks and the class overview")
    lms.add_argument("--roster", metavar="FILE",
                     help="список группы (CSV: folder, name, id, email; другие столбцы сохраняются)")
    lms.add_argument("--canvas", metavar="FILE", help="ведомость для импорта в Canvas (нужен --roster)")
    lms.add_argument("--moodle", metavar="FILE", help="ведомость для импорта в Moodle: по email или ID number (нужен --roster)")
    lms.add_argument("--assignment", default="Chat", metavar="NAME", help="название задания в LMS (по умолчанию Chat)")
    lms.add_argument("--assignment-id", metavar="ID", help="Canvas: id задания, столбец станет «NAME (ID)»")
    lms.add_argument("--overview", metavar="FILE.html",
                     help="обзор группы: распределение баллов и самые трудные проверки (и PNG рядом, с extra plot)")
    return p


def run(submissions, options, jobs=2, cache_dir=None, force=False, on_start=None, on_done=None, exclude=()):
    """Grade every entry of `submissions`; return the rows, sorted by student."""
    entries = find_entries(submissions, exclude)
    cache = Cache(cache_dir, kit_fingerprint(), options)
    rows = []

    def job(student, path):
        if on_start:
            on_start(student)
        return grade_entry(student, path, options, cache, force)

    with ThreadPoolExecutor(max_workers=max(1, jobs), thread_name_prefix="grade") as pool:
        futures = [pool.submit(job, student, path) for student, path in entries]
        for future in as_completed(futures):
            row = future.result()
            rows.append(row)
            if on_done:
                on_done(row)
    rows.sort(key=lambda row: row.student.casefold())
    return rows


def lms_outputs(rows, options, args, roster, console):
    """The roster-joined CSV, the Canvas and Moodle files and the class overview; None when all
    went well, else the exit status (after one sentence)."""
    from grader.tools import gradebooks, overview
    lang = options.lang
    try:
        strays = gradebooks.write_gradebooks(rows, options, lang, roster, args.csv if roster else None,
                                             args.canvas, args.moodle, args.assignment, args.assignment_id,
                                             "\t" if args.sep == "tab" else args.sep)
        png = overview.write_overview(rows, args.overview, lang) if args.overview else None
    except OSError as error:
        path = error.filename or args.csv
        console.print(say("gradebook.failed", lang, path=path, error=error.strerror or error), style="red",
                      markup=False, soft_wrap=True)
        return EXIT_USAGE
    if roster is not None:
        missing = sum(row is None for _, row in gradebooks.join(rows, roster)[0])
        if missing:
            console.print(say("gradebook.missing_count", lang, count=missing), style="yellow", markup=False,
                          soft_wrap=True)
        if strays:
            console.print(say("gradebook.strays", lang, folders=", ".join(row.student for row in strays)),
                          style="yellow", markup=False, soft_wrap=True)
    for kind, path in (("Canvas", args.canvas), ("Moodle", args.moodle)):
        if path:
            console.print(say("gradebook.written", lang, kind=kind, path=path), markup=False, soft_wrap=True)
    if args.overview:
        console.print(overview.terminal_table(rows, lang))
        console.print(say("overview.written", lang, path=args.overview), markup=False, soft_wrap=True)
        console.print(say("overview.png", lang, path=png) if png else say("overview.no_png", lang),
                      markup=False, soft_wrap=True, style=None if png else "dim")
    return None


def main(argv):
    args = parser().parse_args(argv)
    lang = args.lang
    console = Console(highlight=False)
    folder = Path(args.submissions)
    outputs = [p for p in (args.json_dir, args.feedback_dir) if p]
    problem = ("no_folder" if not folder.exists() else "not_a_folder" if not folder.is_dir()
               else "empty" if not find_entries(folder, outputs) else None)
    if problem:
        console.print(w(lang, problem, path=folder), style="red", markup=False, soft_wrap=True)
        return EXIT_USAGE
    from grader.tools import gradebooks
    roster = None
    try:
        for option in ("canvas", "moodle"):
            if getattr(args, option) and not args.roster:
                raise UsageError(say("gradebook.roster.needed", lang, option=f"--{option}"))
        if args.roster:
            roster = gradebooks.load_roster(args.roster, lang)
    except UsageError as error:
        console.print(str(error), style="red", markup=False, soft_wrap=True)
        return EXIT_USAGE
    mapping = None
    if args.roles:
        try:
            mapping = read_mapping(args.roles)
        except (OSError, ValueError) as error:
            console.print(say("roles.map_bad", lang, path=args.roles, error=error), style="red",
                          markup=False, soft_wrap=True)
            return EXIT_USAGE
    options = Options(lang=lang, strict=args.strict, workers=1, roles=mapping)
    cache_dir = Path(args.cache_dir) if args.cache_dir else folder / CACHE_NAME
    total = len(find_entries(folder, outputs))
    console.print(Text(w(lang, "title", count=total, folder=folder), style="bold"), soft_wrap=True)
    started = time.monotonic()
    with BatchProgress(console, total, lang) as progress:
        rows = run(folder, options, args.jobs, cache_dir, args.force, progress.started, progress.finished,
                   exclude=outputs)
    console.print(summary_table(rows, options, lang))

    try:
        write_csv(rows, options, lang, args.csv, "\t" if args.sep == "tab" else args.sep)
    except OSError as error:
        console.print(w(lang, "csv_failed", path=args.csv, error=error.strerror or error), style="red", markup=False, soft_wrap=True)
        return EXIT_USAGE
    if lms_outputs(rows, options, args, roster, console) is not None:
        return EXIT_USAGE
    for row in rows:
        if args.json_dir:
            write_json_file(row, args.json_dir, lang)
        if args.feedback_dir:
            write_feedback(row, args.feedback_dir, lang)

    count = {status: sum(row.status == status for row in rows)
             for status in (GRADED, NOT_OPENED, DID_NOT_START, GRADER_FAULT)}
    console.print(w(lang, "summary", total=len(rows), clean=count[GRADED], not_opened=count[NOT_OPENED],
                    did_not_start=count[DID_NOT_START], fault=count[GRADER_FAULT]), markup=False, soft_wrap=True)
    cached = sum(row.cached for row in rows)
    if cached:
        console.print(w(lang, "from_cache", count=cached), style="dim", markup=False, soft_wrap=True)
    if count[GRADER_FAULT]:
        console.print(w(lang, "fault_advice"), style="magenta", markup=False, soft_wrap=True)
    console.print(w(lang, "csv", path=args.csv), markup=False, soft_wrap=True)
    if args.json_dir:
        console.print(w(lang, "json", path=args.json_dir), markup=False, soft_wrap=True)
    if args.feedback_dir:
        console.print(w(lang, "feedback", path=args.feedback_dir), markup=False, soft_wrap=True)
    console.print(Text(f"{time.monotonic() - started:.1f} s", style="dim"))
    return EXIT_GRADER_FAULT if count[GRADER_FAULT] else EXIT_OK


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
