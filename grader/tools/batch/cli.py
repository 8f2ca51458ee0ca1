"""`python -m grader batch SUBMISSIONS --csv grades.csv`: the command, its progress bar and its table."""
import argparse
import sys
import threading
import time
from pathlib import Path

from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from grader.chat.lenient import wording_options
from grader.engine import rubric
from grader.engine.intake import readable
from grader.engine.roles import read_mapping
from grader.engine.runner import Options
from grader.engine.submission import UsageError
from grader.messages import say
from grader.report.terminal import number_of
from grader.tools.batch.files import default_sep, number, unique_stems, write_csv, write_feedback, write_json_file
from grader.tools.batch.grading import (CACHE_NAME, DID_NOT_START, EXIT_GRADER_FAULT, EXIT_OK, EXIT_USAGE, GRADED,
                                        GRADER_FAULT, NOT_OPENED, Interrupted, find_entries, run)

EXIT_INTERRUPTED = 130   # as a shell reports a command ended by Ctrl+C

ROLES_EXAMPLE = '{"*": {"tcp-server": "server.py"}, "ivanov": {...}}'


def failed_numbers(result):
    """Numbers of the checks that failed in the tracks that were graded."""
    return [number_of(r.id) for r in result.checks
            if r.status in ("failed", "error") and result.tracks[rubric.BY_ID[r.id].track]["state"] == "graded"]


def summary_table(rows, options, lang):
    table = Table(show_header=True, header_style="bold")
    table.add_column(say("batch.col.student", lang))
    table.add_column("TCP", justify="right")
    table.add_column("UDP", justify="right")
    table.add_column(say("batch.col.final", lang), justify="right")
    if options.strict:
        table.add_column(say("batch.col.strict", lang), justify="right")
    table.add_column(say("batch.col.seconds", lang), justify="right")
    table.add_column(say("batch.col.failed", lang))
    for row in rows:
        result = row.result
        failed = Text(", ".join(failed_numbers(result)) if result else "")
        if row.status != GRADED or row.note:
            note = row.note if len(row.note) <= 90 else row.note[:89] + "…"
            marker = Text("⚠ " + say(f"batch.status.{row.status}", lang) + (f": {note}" if note else ""),
                          style="magenta" if row.status == GRADER_FAULT else "red")
            failed = Text.assemble(marker, "\n" if failed.plain else "", failed)
        if result is None:
            cells: list = ["–", "–", Text("0" if row.status == NOT_OPENED else "–", style="bold")]
            seconds = "–"
        else:
            style = "green" if result.score >= 100 else "yellow" if result.score > 0 else "red"
            cells = [number(result.tracks["tcp"]["score"]), number(result.tracks["udp"]["score"]),
                     Text(number(result.score), style=f"bold {style}")]
            seconds = f"{result.execution_time:.1f}" + (f" ({say('batch.cached', lang)})" if row.cached else "")
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
        self.task = self.progress.add_task(say("batch.progress", lang), total=total)

    def __enter__(self):
        if self.enabled:
            self.progress.start()
        return self

    def __exit__(self, *exc):
        if self.enabled:
            self.progress.stop()

    def _describe(self):
        # names are the students' folders: "[red]" in one is text, never markup for the bar
        names = ", ".join(escape(name) for name in self.running[:3]) + (" …" if len(self.running) > 3 else "")
        self.progress.update(self.task, description=f"{say('batch.progress', self.lang)}: {names}" if names
                             else say("batch.progress", self.lang))

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
                status = f"({say('batch.cached', self.lang)}) {status}"
            self.console.print(say("batch.done_line", self.lang, student=row.student, score=score,
                                 seconds=f"{row.seconds:.1f}", status=status).rstrip(),
                               markup=False, highlight=False, soft_wrap=True)


def parser():
    """The command's options; its help is in Russian, like every --help of the kit."""
    def text(key, **fields):
        return say(f"batch.help.{key}", "ru", **fields)

    p = argparse.ArgumentParser(prog="python -m grader batch", formatter_class=argparse.RawDescriptionHelpFormatter,
                                description=text("description"), epilog=text("epilog"))
    p.add_argument("submissions", metavar="SUBMISSIONS", help=text("submissions"))
    p.add_argument("--csv", required=True, metavar="FILE", help=text("csv"))
    p.add_argument("--jobs", type=int, default=2, metavar="N", help=text("jobs"))
    p.add_argument("--json-dir", metavar="DIR", help=text("json_dir"))
    p.add_argument("--feedback-dir", metavar="DIR", help=text("feedback_dir"))
    p.add_argument("--roles", metavar="FILE", help=text("roles", example=ROLES_EXAMPLE))
    p.add_argument("--force", action="store_true", help=text("force"))
    p.add_argument("--cache-dir", metavar="DIR", help=text("cache_dir", name=CACHE_NAME))
    p.add_argument("--lang", choices=("ru", "en"), default="ru", help=text("lang"))
    p.add_argument("--strict", action="store_true", help=text("strict"))
    p.add_argument("--lenient", action="store_true", help=say("cli.help.lenient", "ru"))
    p.add_argument("--protocol", metavar="FILE", help=say("cli.help.protocol", "ru"))
    p.add_argument("--sep", default=None, choices=(",", ";", "tab"), metavar="SEP", help=text("sep"))
    lms = p.add_argument_group(text("lms"))
    lms.add_argument("--roster", metavar="FILE", help=text("roster"))
    lms.add_argument("--canvas", metavar="FILE", help=text("canvas"))
    lms.add_argument("--moodle", metavar="FILE", help=text("moodle"))
    lms.add_argument("--assignment", default="Chat", metavar="NAME", help=text("assignment"))
    lms.add_argument("--assignment-id", metavar="ID", help=text("assignment_id"))
    lms.add_argument("--overview", metavar="FILE.html", help=text("overview"))
    return p


def duplicate_warnings(rows, lang):
    """One sentence per student handed in twice (a folder and a zip of one name)."""
    from grader.tools.overview import duplicates
    return [say("batch.duplicate", lang, entries=", ".join(Path(row.source).name for row in group),
                rows=", ".join(row.student for row in group))
            for group in duplicates(rows).values()]


def lms_outputs(rows, options, args, roster, console, bulk=None):
    """The roster-joined CSV, the Canvas and Moodle files and the class overview; None when all
    went well, else the exit status (after one sentence)."""
    from grader.tools import gradebooks, overview
    lang = options.lang
    try:
        outcome = gradebooks.write_gradebooks(rows, options, lang, roster, args.csv if roster else None,
                                              args.canvas, args.moodle, args.assignment, args.assignment_id,
                                              "\t" if args.sep == "tab" else args.sep, bulk)
        strays = outcome.strays
        png = overview.write_overview(rows, args.overview, lang) if args.overview else None
    except OSError as error:
        path = error.filename or args.csv
        console.print(say("gradebook.failed", lang, path=path, error=error.strerror or error), style="red",
                      markup=False, soft_wrap=True)
        return EXIT_USAGE
    for warning in outcome.warnings + duplicate_warnings(rows, lang):
        console.print(warning, style="yellow", markup=False, soft_wrap=True)
    if roster is not None:
        missing = sum(row is None for _, row in gradebooks.join(rows, roster, bulk)[0])
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


def write_row_files(rows, args, lang, console):
    """Each student's results.json and feedback: one row that cannot be written (a full disk,
    a name the system refuses) is said in one line and never stops the others."""
    stems = unique_stems(row.student for row in rows)
    for row in rows:
        for folder, write in ((args.json_dir, write_json_file), (args.feedback_dir, write_feedback)):
            if not folder:
                continue
            try:
                write(row, folder, lang, stems[row.student])
            except Exception as error:   # one row's files never cost another's
                console.print(say("batch.row_file_failed", lang, student=row.student, path=folder,
                                  error=readable(getattr(error, "strerror", None) or error)),
                              style="red", markup=False, soft_wrap=True)


def bulk_source(args, console):
    """Canvas's submissions.zip or Moodle's download-all (the .zip or its folder), staged as one
    entry per student (grader/tools/lms.py); None for an ordinary folder of entries."""
    from grader.tools import lms
    try:
        bulk = lms.prepare(args.submissions)
    except (OSError, ValueError):
        return None   # not a bulk download we can read: the ordinary checks below say why
    if bulk is not None:
        console.print(say("lms.bulk", args.lang, kind=bulk.kind.capitalize(), count=len(bulk.keys),
                          late=len(bulk.late)), markup=False, soft_wrap=True)
        if bulk.too_big:
            console.print(say("lms.too_big", args.lang, mb=lms.ZIP_MAX_BYTES // 2**20,
                              entries=", ".join(sorted(bulk.too_big))), style="yellow", markup=False, soft_wrap=True)
    return bulk


def main(argv):
    args = parser().parse_args(argv)
    args.sep = args.sep or default_sep(args.lang)     # `;` for Russian Excel, `,` for English
    console = Console(highlight=False)
    bulk = bulk_source(args, console)
    try:
        return _main(args, console, bulk)
    finally:
        if bulk is not None:
            bulk.remove()


def _folder_problem(folder, outputs):
    """Why SUBMISSIONS cannot be graded ("no_folder", "not_a_folder", "empty"), or None."""
    if not folder.exists():
        return "no_folder"
    if not folder.is_dir():
        return "not_a_folder"
    return "empty" if not find_entries(folder, outputs) else None


def read_inputs(args, lang):
    """The roster, the --roles mapping and the wording options, read before anything is graded:
    a problem with any of them is a UsageError whose message is the one sentence to say."""
    from grader.tools import gradebooks
    for option in ("canvas", "moodle"):
        if getattr(args, option) and not args.roster:
            raise UsageError(say("gradebook.roster.needed", lang, option=f"--{option}"))
    roster = gradebooks.load_roster(args.roster, lang) if args.roster else None
    mapping = None
    if args.roles:
        try:
            mapping = read_mapping(args.roles)
        except (OSError, ValueError) as error:
            raise UsageError(say("roles.map_bad", lang, path=args.roles, error=error)) from None
    try:
        wording = wording_options(args, lang)
    except ValueError as error:
        raise UsageError(str(error)) from None
    return roster, mapping, wording


def grade_all(args, folder, total, options, cache_dir, outputs, console, bulk):
    """Every entry graded, a progress bar meanwhile: (rows, None), or on Ctrl+C the rows
    finished and the Interrupted (every finished row is still written, and a re-run resumes)."""
    source, lang = Path(args.submissions), options.lang
    try:
        with BatchProgress(console, total, lang) as progress:
            finished = progress.finished
            if bulk is not None:     # rows name what the instructor gave, not the staging folder
                def finished(row, report=progress.finished):
                    bulk.relabel([row], source, lang)
                    report(row)
            return run(folder, options, args.jobs, cache_dir, args.force, progress.started, finished,
                       exclude=outputs), None
    except Interrupted as stop:
        return stop.rows, stop


def print_summary(rows, args, lang, console, started):
    """The counts by status and where everything was written; returns the counts."""
    count = {status: sum(row.status == status for row in rows)
             for status in (GRADED, NOT_OPENED, DID_NOT_START, GRADER_FAULT)}
    console.print(say("batch.summary", lang, total=len(rows), clean=count[GRADED], not_opened=count[NOT_OPENED],
                    did_not_start=count[DID_NOT_START], fault=count[GRADER_FAULT]), markup=False, soft_wrap=True)
    cached = sum(row.cached for row in rows)
    if cached:
        console.print(say("batch.from_cache", lang, count=cached), style="dim", markup=False, soft_wrap=True)
    if count[GRADER_FAULT]:
        console.print(say("batch.fault_advice", lang), style="magenta", markup=False, soft_wrap=True)
    console.print(say("batch.csv", lang, path=args.csv), markup=False, soft_wrap=True)
    if args.json_dir:
        console.print(say("batch.json", lang, path=args.json_dir), markup=False, soft_wrap=True)
    if args.feedback_dir:
        console.print(say("batch.feedback", lang, path=args.feedback_dir), markup=False, soft_wrap=True)
    console.print(Text(f"{time.monotonic() - started:.1f} s", style="dim"))
    return count


def _main(args, console, bulk):
    lang = args.lang
    source = Path(args.submissions)
    folder = bulk.folder if bulk is not None else source
    outputs = [p for p in (args.json_dir, args.feedback_dir) if p]
    problem = _folder_problem(folder, outputs)
    if problem:
        console.print(say(f"batch.{problem}", lang, path=folder), style="red", markup=False, soft_wrap=True)
        return EXIT_USAGE
    try:
        roster, mapping, wording = read_inputs(args, lang)
    except UsageError as error:
        console.print(str(error), style="red", markup=False, soft_wrap=True)
        return EXIT_USAGE
    options = Options(lang=lang, strict=args.strict, workers=1, roles=mapping, **wording)
    home = source if source.is_dir() else source.parent     # a bulk .zip keeps its cache beside it
    cache_dir = Path(args.cache_dir) if args.cache_dir else home / CACHE_NAME
    total = len(find_entries(folder, outputs))
    console.print(Text(say("batch.title", lang, count=total, folder=source), style="bold"), soft_wrap=True)
    started = time.monotonic()
    rows, interrupted = grade_all(args, folder, total, options, cache_dir, outputs, console, bulk)
    try:   # the gradebook first: nothing printed or written after it can cost it
        write_csv(rows, options, lang, args.csv, "\t" if args.sep == "tab" else args.sep)
    except OSError as error:
        console.print(say("batch.csv_failed", lang, path=args.csv, error=error.strerror or error), style="red", markup=False, soft_wrap=True)
        return EXIT_USAGE
    console.print(summary_table(rows, options, lang))
    if lms_outputs(rows, options, args, roster, console, bulk) is not None:
        return EXIT_USAGE
    write_row_files(rows, args, lang, console)
    count = print_summary(rows, args, lang, console, started)
    if interrupted is not None:
        console.print(say("batch.interrupted", lang, done=len(rows), total=interrupted.total), style="yellow",
                      markup=False, soft_wrap=True)
        return EXIT_INTERRUPTED
    return EXIT_GRADER_FAULT if count[GRADER_FAULT] else EXIT_OK


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
