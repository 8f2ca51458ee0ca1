"""Command line: `python -m grader [FOLDER]` and the instructor's subcommands.

    python -m grader                      grade lab/
    python -m grader FOLDER|ZIP           grade any submission
    python -m grader --step [FOLDER]      the milestones in order, up to the first that fails
    python -m grader hint 1.6 [FOLDER]    the next level of a check's hint
    python -m grader handout DIR          the students' kit, without the reference
    python -m grader rubric [--lang en]   print the rubric as Markdown
    python -m grader batch ...            grade a folder of submissions (see --help)
    python -m grader gradescope-bundle    build a Gradescope autograder zip
    python -m grader demo [FOLDER]        a live chat for the lecture hall
    python -m grader bench [FOLDER]       measure a server under load

Exit status: 0 when grading ran, whatever the score; 1 when --fail-under is not met;
2 for a usage error; 3 when the grader itself failed on some check.
"""
import argparse
import importlib
import os
import sys
from pathlib import Path

EXIT_OK, EXIT_FAIL_UNDER, EXIT_USAGE, EXIT_GRADER_FAULT = 0, 1, 2, 3
EXIT_INTERRUPTED = 130   # Ctrl+C, as a shell reports it
VISIBILITIES = ("hidden", "after_due_date", "after_published", "visible")   # Gradescope's

SUBCOMMANDS = {  # name -> the module whose main(argv) runs it
    "batch": "grader.tools.batch",
    "gradescope-bundle": "grader.tools.bundle",
    "demo": "grader.tools.demo",
    "bench": "grader.tools.bench",
    "similarity": "grader.tools.similarity",
    "hint": "grader.report.hints",
    "handout": "grader.tools.handout",
}
HIDDEN_SUBCOMMANDS = {  # not in --help: called by the kit's own templates
    "classroom-result": ("grader.tools.bundle", "classroom_main"),   # grader/templates/classroom.yml
}


def parser():
    """The grading command's options; --help is in Russian, with a summary in English."""
    from grader.messages import say

    def text(key, **fields):
        return say(f"cli.help.{key}", "ru", **fields)

    p = argparse.ArgumentParser(prog="python -m grader", formatter_class=argparse.RawDescriptionHelpFormatter,
                                description=text("description"), epilog=text("epilog"))
    p.add_argument("folder", nargs="?", help=text("folder"))
    p.add_argument("--json", metavar="FILE", help=text("json"))
    p.add_argument("--lang", choices=("ru", "en"), default="ru", help=text("lang"))
    p.add_argument("--strict", action="store_true", help=text("strict"))
    p.add_argument("--step", action="store_true", help=text("step"))
    p.add_argument("--only", choices=("tcp", "udp"), help=text("only"))
    p.add_argument("--lenient", action="store_true", help=text("lenient"))
    p.add_argument("--protocol", metavar="FILE", help=text("protocol"))
    p.add_argument("-v", "--verbose", action="store_true", help=text("verbose"))
    p.add_argument("--fail-under", type=float, metavar="N", help=text("fail_under"))
    for option in ("--tcp-server", "--tcp-client", "--udp-server", "--udp-client"):
        p.add_argument(option, metavar="FILE", help=text("role", part=say("cli.part." + option[2:], "ru")))
    p.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1), metavar="N", help=text("jobs"))
    lms = p.add_argument_group(text("hosted"))
    lms.add_argument("--visibility", choices=VISIBILITIES, help=text("visibility"))
    lms.add_argument("--stdout-visibility", choices=VISIBILITIES, help=text("stdout_visibility"))
    lms.add_argument("--strict-visibility", choices=VISIBILITIES, help=text("strict_visibility"))
    lms.add_argument("--leaderboard", metavar="BENCH.json", help=text("leaderboard"))
    lms.add_argument("--prairielearn", metavar="FILE", help=text("prairielearn"))
    return p


def grade_command(argv):
    from rich.console import Console

    from grader.engine.runner import Options, grade, pending_result
    from grader.messages import say
    from grader.engine.submission import UsageError, default_folder, open_submission
    from grader.report.gradescope import ProgressWriter, leaderboard_from_bench, to_gradescope
    from grader.report.jsonfile import write_json
    from grader.report.terminal import LiveProgress, render

    args = parser().parse_args(argv)
    console = Console(highlight=False)
    try:
        folder = open_submission(args.folder or default_folder(), args.lang)
    except UsageError as error:
        print(error, file=sys.stderr)  # one sentence, unwrapped
        if args.prairielearn:
            from grader.report.prairielearn import write_not_gradable
            write_not_gradable(str(error), args.prairielearn, args.lang)
        return EXIT_USAGE
    from grader.chat.lenient import wording_options
    try:
        wording = wording_options(args, args.lang)
    except ValueError as error:
        print(error, file=sys.stderr)
        return EXIT_USAGE
    given = {name: getattr(args, name.removesuffix(".py")) for name in
             ("tcp_server.py", "tcp_client.py", "udp_server.py", "udp_client.py")}
    options = Options(lang=args.lang, strict=args.strict, only=args.only, workers=max(1, args.jobs),
                      roles={key: value for key, value in given.items() if value} or None, **wording)
    settings = {"visibility": args.visibility, "stdout_visibility": args.stdout_visibility,
                "strict_visibility": args.strict_visibility,
                "leaderboard": leaderboard_from_bench(args.leaderboard) if args.leaderboard else None}
    if args.step:
        return step_command(folder, options, console, args)
    on_progress = None
    if args.json:   # written now and as results arrive: a run killed at a time limit still shows them
        early = ProgressWriter(args.json, args.lang, **settings)
        early.write(pending_result(folder, options))
        on_progress = early.on_progress
    try:
        with LiveProgress(console, args.lang) as progress:
            result = grade(folder, options, on_event=progress.on_event, on_progress=on_progress)
            from grader.engine.strict_probe import probe
            result = probe(folder, result)   # what --strict would find, said in one line; never scored
    except KeyboardInterrupt:   # grade() stopped its workers, and they the student's processes
        print(say("cli.interrupted", args.lang), file=sys.stderr)
        return EXIT_INTERRUPTED
    book = hint_memory(folder, args)
    result = book.after_run(result)   # each failed check's hint level, remembered for the next run
    book.save()
    if args.json:  # before the report: a report that fails to print must not cost the results
        write_json(to_gradescope(result, args.lang, **settings), args.json)
    if args.prairielearn:
        from grader.report.prairielearn import write_prairielearn
        write_prairielearn(result, args.prairielearn, args.lang)
    render(result, console, args.lang, args.verbose)
    if result.grader_fault:
        return EXIT_GRADER_FAULT
    if args.fail_under is not None and result.score < args.fail_under:
        return EXIT_FAIL_UNDER
    return EXIT_OK


def hint_memory(folder, args):
    """The folder's hint memory (grader/engine/hints.py); an unpacked zip keeps none."""
    from grader.engine.hints import HintBook
    from grader.engine.submission import default_folder

    given = Path(args.folder or default_folder())
    return HintBook.load(folder, writable=given.is_dir())


def step_command(folder, options, console, args):
    """--step: the milestones in order, up to the first that fails (grader/engine/steps.py)."""
    from grader.engine.steps import run_steps
    from grader.messages import say
    from grader.report.steps import render_steps

    status = console.status("") if console.is_terminal else None

    def started(milestone):
        if status is not None:
            status.update(say("step.progress", args.lang, number=milestone.number, track=milestone.track.upper()))
            status.start()

    try:
        run = run_steps(folder, options, on_milestone=started)
    finally:
        if status is not None:
            status.stop()
    book = hint_memory(folder, args)
    render_steps(run, console, args.lang, book)
    book.save()
    if run.result is not None and run.result.grader_fault:
        return EXIT_GRADER_FAULT
    return EXIT_OK


def rubric_command(argv):
    from grader.engine import rubric
    from grader.messages import say

    p = argparse.ArgumentParser(prog="python -m grader rubric")
    p.add_argument("--lang", choices=("ru", "en"), default="ru")
    p.add_argument("--tier", choices=("default", "strict"), default="default")
    p.add_argument("--update", metavar="FILE",
                   help="rewrite every rubric section of FILE (between <!-- rubric:ru --> markers and the like)")
    args = p.parse_args(argv)
    if args.update:
        path = Path(args.update)
        if not path.is_file():
            print(say("cli.rubric.no_file", "ru", path=path), file=sys.stderr)
            return EXIT_USAGE
        path.write_text(rubric.update_sections(path.read_text(encoding="utf-8")), encoding="utf-8")
        return EXIT_OK
    sys.stdout.write(rubric.markdown(args.lang, args.tier))
    return EXIT_OK


def wants_utf8(stream, windows=None, environ=os.environ):
    """Should `stream` be switched to UTF-8? On Windows, output that is not a console (Git
    Bash's mintty, an IDE's output pane, `> report.txt`) is written in the ANSI code page
    (cp1251, cp1252), where the Russian report becomes "????": UTF-8 there, unless
    PYTHONIOENCODING chose an encoding. A console gets Unicode from Python already.
    `windows`: this system's (platform.is_windows()) unless a test says."""
    if windows is None:
        from grader.sandbox import platform
        windows = platform.is_windows()
    if not windows or environ.get("PYTHONIOENCODING"):
        return False
    try:
        if stream.isatty():
            return False
    except (AttributeError, ValueError, OSError):
        return False
    encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "").replace("_", "")
    return encoding != "utf8"


def tolerate_any_console():
    """UTF-8 where Windows would write its code page to a pipe or file (wants_utf8); text a
    console still cannot encode (a cp1252 console, a C locale) is printed as a replacement
    character, never raised as UnicodeEncodeError (the report's marks then turn ASCII:
    grader/report/terminal.py marks_for)."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            try:
                if wants_utf8(stream):
                    reconfigure(encoding="utf-8", errors="replace")
                else:
                    reconfigure(errors="replace")
            except (ValueError, OSError):
                pass


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    tolerate_any_console()
    try:
        if argv and argv[0] == "rubric":
            return rubric_command(argv[1:])
        if argv and argv[0] in SUBCOMMANDS:
            return importlib.import_module(SUBCOMMANDS[argv[0]]).main(argv[1:])
        if argv and argv[0] in HIDDEN_SUBCOMMANDS:
            module, function = HIDDEN_SUBCOMMANDS[argv[0]]
            return getattr(importlib.import_module(module), function)(argv[1:])
        return grade_command(argv)
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED


if __name__ == "__main__":
    sys.exit(main())
