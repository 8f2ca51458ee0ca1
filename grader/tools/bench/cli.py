"""`python -m grader bench [FOLDER] [--compare OTHER ...]`: the command, its options and its live display."""
import argparse
from pathlib import Path

from chatkit import protocol
from grader.engine import limits
from grader.messages import say
from grader.tools.bench.measure import bench
from grader.tools.bench.plan import IDLE_SECONDS, SCENARIOS, STUCK_WINDOW, Ending, Settings
from grader.tools.bench.summary import outcome_lines, run_line, short_name, summary_table

EXIT_OK, EXIT_UNMEASURED, EXIT_USAGE = 0, 1, 2


class LiveBench:
    """The progress display: one bar for the run in progress, a line for each finished run."""

    def __init__(self, console, lang):
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        self.console = console
        self.lang = lang
        self.progress = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                                 TimeElapsedColumn(), console=console, transient=True)
        self.task = None
        self.title = ""

    def __enter__(self):
        self.progress.__enter__()
        return self

    def __exit__(self, *exc):
        self.progress.__exit__(*exc)

    def on_start(self, scenario, folder, k, runs):
        self.title = f"{scenario} · {Path(folder).name}"
        if runs > 1:
            self.title += " · " + say("bench.run", self.lang, k=k + 1, n=runs)
        if self.task is not None:
            self.progress.remove_task(self.task)
        self.task = self.progress.add_task(self.title, total=None)

    def on_progress(self, phase, done, total):
        if self.task is not None:
            self.progress.update(self.task, description=f"{self.title} · " + say(f"bench.phase.{phase}", self.lang),
                                 completed=done, total=total)

    def on_done(self, run):
        self.progress.console.print(run_line(run, self.lang), markup=False, highlight=False)


# --- command line ------------------------------------------------------------------------

def parser():
    def text(key, **fields):
        return say(f"bench.help.{key}", "ru", **fields)

    p = argparse.ArgumentParser(prog="python -m grader bench", description=text("description"))
    p.add_argument("folder", nargs="?", help=text("folder"))
    p.add_argument("--users", type=int, default=100, metavar="N", help=text("users"))
    p.add_argument("--messages", type=int, default=10, metavar="M", help=text("messages"))
    p.add_argument("--size", type=int, default=64, metavar="B", help=text("size"))
    p.add_argument("--scenario", nargs="+", choices=SCENARIOS, metavar="NAME", help=text("scenario", names=", ".join(SCENARIOS)))
    p.add_argument("--compare", nargs="+", metavar="FOLDER2", help=text("compare"))
    p.add_argument("--runs", type=int, metavar="K", help=text("runs"))
    p.add_argument("--json", metavar="FILE", help=text("json"))
    p.add_argument("--plot", metavar="FILE.png", help=text("plot"))
    p.add_argument("--idle", type=float, default=IDLE_SECONDS, metavar="S", help=text("idle", seconds=IDLE_SECONDS))
    p.add_argument("--window", type=int, default=STUCK_WINDOW, metavar="W", help=text("window", window=STUCK_WINDOW))
    p.add_argument("--address-space", type=float, metavar="GIB",
                   help=text("address_space", gib=limits.CHILD_MEMORY_BYTES / 2**30))
    p.add_argument("--lang", choices=("ru", "en"), default="ru", help=text("lang"))
    return p


def check_folder(path, lang):
    """The folder to measure, or a UsageError sentence."""
    from grader.engine.submission import UsageError, open_submission

    if not Path(path).exists():
        raise UsageError(say("bench.no_folder", lang, path=path))
    folder = open_submission(path, lang)
    from grader.engine.roles import find_roles

    if find_roles(folder).files.get("tcp_server.py") is None:   # whatever its name: found by its code
        raise UsageError(say("bench.no_server", lang, path=path))
    from grader.engine.submission import origin_of
    return origin_of(folder) or folder   # a folder is named as given (each run copies it by the same rules)


def picture(report, args, comparing, console):
    """With --compare a bar chart in the terminal; with --plot FILE.png the same as a PNG (the
    `plot` extra), or one sentence saying how to get it."""
    from grader.tools.bench import chart
    lang = args.lang
    if comparing or args.plot:
        console.print(chart.terminal_chart(report, lang))
    if args.plot:
        if chart.write_png(report, args.plot, lang):
            console.print(say("bench.plot_written", lang, path=args.plot), markup=False, soft_wrap=True)
        else:
            console.print(say("bench.no_plot", lang), style="dim", markup=False, soft_wrap=True)


def main(argv=None):
    from rich.console import Console

    from grader.report.jsonfile import write_json
    from grader.engine.submission import UsageError, default_folder

    args = parser().parse_args(argv)
    lang = args.lang
    console = Console(highlight=False)
    runs = args.runs if args.runs is not None else (3 if args.compare else 1)
    for option, value, low, high in (("--users", args.users, 2, 1000), ("--messages", args.messages, 1, 100000),
                                     ("--size", args.size, 16, protocol.MAX_MESSAGE_BYTES),
                                     ("--runs", runs, 1, 100), ("--idle", args.idle, 0.5, 60),
                                     ("--window", args.window, 0, 100000),
                                     ("--address-space", args.address_space or 1, 0.5, 64)):
        if not low <= value <= high:
            console.print(say("bench.bad_number", lang, option=option, low=low, high=high), style="red",
                          markup=False, soft_wrap=True)
            return EXIT_USAGE
    try:
        folders = [check_folder(args.folder or default_folder(), lang)]
        for other in args.compare or ():
            folders.append(check_folder(other, lang))
    except UsageError as error:
        console.print(str(error), style="red", markup=False, soft_wrap=True)
        return EXIT_USAGE
    settings = Settings(users=args.users, messages=args.messages, size=args.size, idle=args.idle, lang=lang,
                        window=args.window, address_space_gib=args.address_space)
    scenarios = [s for s in SCENARIOS if s in (args.scenario or SCENARIOS)]
    with LiveBench(console, lang) as live:
        report = bench(folders, scenarios, settings, runs, on_start=live.on_start,
                       on_progress=live.on_progress, on_done=live.on_done)
    wide = console.width >= 120
    console.print(summary_table(report, lang, wide))
    if not wide:
        for line in outcome_lines(report, lang):
            console.print(line, markup=False)
    if len(folders) > 1:
        console.print(say("bench.medians", lang, k=runs, a=short_name(folders[0], folders[1]),
                           b=", ".join(short_name(other, folders[0]) for other in folders[1:])), markup=False)
        console.print(say("bench.trust", lang), style="yellow", markup=False)
    picture(report, args, len(folders) > 1, console)
    if args.json:
        write_json(report, args.json)
        console.print(say("bench.json_written", lang, path=args.json), markup=False)
    unmeasured = any(run.get("ending") == Ending.ERROR for run in report["runs"])
    return EXIT_UNMEASURED if unmeasured else EXIT_OK
