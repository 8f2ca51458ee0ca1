"""`python -m grader hint 1.6 [FOLDER]`: the next level of a check's hint, on request.

The levels shown so far are printed too, the new one last, and the folder's memory
(grader/engine/hints.py) remembers it: the next report starts from there.
"""
import argparse
import sys

from rich.console import Console
from rich.text import Text

from grader.engine import hints as memory
from grader.messages import say
from grader.report.terminal import number_of

EXIT_OK, EXIT_USAGE = 0, 2


def level_label(level, levels, lang):
    return say("hints.level", lang, level=level, levels=levels, kind=say(f"hints.kind.{level}", lang))


def parser():
    def text(key):
        return say(f"hints.help.{key}", "ru")

    p = argparse.ArgumentParser(prog="python -m grader hint", description=text("description"))
    p.add_argument("number", nargs="?", help=text("number"))   # missing: one sentence of ours, not argparse's
    p.add_argument("folder", nargs="?", help=text("folder"))
    p.add_argument("--lang", choices=("ru", "en"), default="ru", help=text("lang"))
    return p


def main(argv):
    from grader.engine.submission import UsageError, default_folder, open_submission

    args = parser().parse_args(argv)
    lang = args.lang
    console = Console(highlight=False)
    if not args.number:
        print(say("hints.no_number", lang), file=sys.stderr)
        return EXIT_USAGE
    entry = memory.find_check(args.number)
    if entry is None:
        print(say("hints.unknown", lang, number=args.number), file=sys.stderr)
        return EXIT_USAGE
    given = args.folder or default_folder()
    try:
        folder = open_submission(given, lang)
    except UsageError as error:
        print(error, file=sys.stderr)
        return EXIT_USAGE
    from pathlib import Path
    book = memory.HintBook.load(folder, writable=Path(given).is_dir())
    before = book.level(entry.id)
    level = book.ask(entry.id, memory.code_hash(memory.module_file(folder, entry.id)))
    book.save()
    levels = len(entry.hints)
    console.print(Text(f"{number_of(entry.id)} {entry.text(lang)}", style="bold"))
    for shown in range(1, level + 1):
        style = "yellow" if shown == level else "dim"
        console.print(Text(f"{level_label(shown, levels, lang)}: {entry.hint(lang, shown)}", style=style))
    if level == levels:
        console.print(Text(say("hints.last" if before == levels else "hints.now_last", lang), style="dim"))
    else:
        console.print(Text(say("hints.more", lang, number=number_of(entry.id)), style="dim"))
    return EXIT_OK
