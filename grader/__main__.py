"""Command line: `python -m grader [FOLDER]` and the instructor's subcommands.

    python -m grader                      grade lab/
    python -m grader FOLDER|ZIP           grade any submission
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
VISIBILITIES = ("hidden", "after_due_date", "after_published", "visible")   # Gradescope's

SUBCOMMANDS = {
    "batch": "grader.batch",
    "gradescope-bundle": "grader.bundle",
    "demo": "grader.demo",
    "bench": "grader.bench",
    "similarity": "grader.tools.similarity",
}


def parser():
    p = argparse.ArgumentParser(
        prog="python -m grader",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Проверка многопользовательского чата (TCP до 100 баллов, UDP до 80). "
                    "Checks a multi-user chat submission.",
        epilog="Для преподавателя (каждая команда с --help):\n"
               "  python -m grader batch SUBMISSIONS --csv grades.csv   проверить всю группу\n"
               "  python -m grader gradescope-bundle OUT.zip            автопроверка для Gradescope\n"
               "  python -m grader demo [FOLDER] [--svg FILE]           живой чат для лекции\n"
               "  python -m grader bench [FOLDER] [--compare OTHER]     нагрузочный замер сервера\n"
               "  python -m grader rubric [--lang en] [--update FILE]   критерии в Markdown\n"
               "  python -m grader similarity SUBMISSIONS [--html FILE] похожие решения (нужен extra similarity)\n"
               "Код выхода: 0 — проверка прошла (при любом балле), 1 — балл ниже --fail-under, "
               "2 — ошибка в аргументах, 3 — сбой самой проверки.")
    p.add_argument("folder", nargs="?", help="папка или .zip с решением (по умолчанию lab/)")
    p.add_argument("--json", metavar="FILE", help="записать результат в формате Gradescope results.json")
    p.add_argument("--lang", choices=("ru", "en"), default="ru", help="язык отчёта (по умолчанию ru)")
    p.add_argument("--strict", action="store_true", help="добавить строгий уровень проверок (отдельный балл)")
    p.add_argument("--only", choices=("tcp", "udp"), help="проверить только один вариант")
    p.add_argument("-v", "--verbose", action="store_true", help="показать ход каждой проверки, а не только проваленных")
    p.add_argument("--fail-under", type=float, metavar="N", help="код выхода 1, если итог меньше N")
    for option, part in (("--tcp-server", "TCP-сервер"), ("--tcp-client", "TCP-клиент"),
                         ("--udp-server", "UDP-сервер"), ("--udp-client", "UDP-клиент")):
        p.add_argument(option, metavar="FILE", help=f"какой файл считать за {part} (по умолчанию: по коду)")
    p.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1), metavar="N",
                   help="сколько проверок выполнять параллельно (по умолчанию 2)")
    lms = p.add_argument_group("для платформ / for hosted graders")
    lms.add_argument("--visibility", choices=VISIBILITIES, help="Gradescope: когда студент видит проверки")
    lms.add_argument("--stdout-visibility", choices=VISIBILITIES, help="Gradescope: когда студент видит stdout")
    lms.add_argument("--strict-visibility", choices=VISIBILITIES,
                     help="Gradescope: когда студент видит проверки строгого уровня (например after_published)")
    lms.add_argument("--leaderboard", metavar="BENCH.json",
                     help="Gradescope: таблица лидеров из python -m grader bench --json")
    lms.add_argument("--prairielearn", metavar="FILE", help="записать результат в формате PrairieLearn (results.json)")
    return p


def grade_command(argv):
    from rich.console import Console

    from grader.report import LiveProgress, render
    from grader.gradescope import ProgressWriter, leaderboard_from_bench
    from grader.results import to_gradescope, write_json
    from grader.runner import Options, grade
    from grader.submission import UsageError, default_folder, open_submission

    args = parser().parse_args(argv)
    console = Console(highlight=False)
    try:
        folder = open_submission(args.folder or default_folder(), args.lang)
    except UsageError as error:
        print(error, file=sys.stderr)  # one sentence, unwrapped
        if args.prairielearn:
            from grader.prairielearn import write_not_gradable
            write_not_gradable(str(error), args.prairielearn, args.lang)
        return EXIT_USAGE
    given = {name: getattr(args, name.removesuffix(".py")) for name in
             ("tcp_server.py", "tcp_client.py", "udp_server.py", "udp_client.py")}
    options = Options(lang=args.lang, strict=args.strict, only=args.only, workers=max(1, args.jobs),
                      roles={key: value for key, value in given.items() if value} or None)
    settings = {"visibility": args.visibility, "stdout_visibility": args.stdout_visibility,
                "strict_visibility": args.strict_visibility,
                "leaderboard": leaderboard_from_bench(args.leaderboard) if args.leaderboard else None}
    listeners = []
    if args.json:   # written now and as results arrive: a run killed at a time limit still shows them
        early = ProgressWriter(folder, options, args.json, args.lang, **settings)
        early.write()
        listeners.append(early.on_event)
    with LiveProgress(console, args.lang) as progress:
        listeners.append(progress.on_event)
        result = grade(folder, options, on_event=lambda event: [listen(event) for listen in listeners])
    if args.json:  # before the report: a report that fails to print must not cost the results
        write_json(to_gradescope(result, args.lang, **settings), args.json)
    if args.prairielearn:
        from grader.prairielearn import write_prairielearn
        write_prairielearn(result, args.prairielearn, args.lang)
    render(result, console, args.lang, args.verbose)
    if result.grader_fault:
        return EXIT_GRADER_FAULT
    if args.fail_under is not None and result.score < args.fail_under:
        return EXIT_FAIL_UNDER
    return EXIT_OK


def rubric_command(argv):
    from grader import rubric
    p = argparse.ArgumentParser(prog="python -m grader rubric")
    p.add_argument("--lang", choices=("ru", "en"), default="ru")
    p.add_argument("--tier", choices=("default", "strict"), default="default")
    p.add_argument("--update", metavar="FILE",
                   help="rewrite every rubric section of FILE (between <!-- rubric:ru --> markers and the like)")
    args = p.parse_args(argv)
    if args.update:
        path = Path(args.update)
        if not path.is_file():
            print(f"Нет файла {path}: укажите путь к assignment.md.", file=sys.stderr)
            return EXIT_USAGE
        path.write_text(rubric.update_sections(path.read_text(encoding="utf-8")), encoding="utf-8")
        return EXIT_OK
    sys.stdout.write(rubric.markdown(args.lang, args.tier))
    return EXIT_OK


def tolerate_any_console():
    """Text the console cannot encode (cp1251 on Windows when redirected, Git Bash, a C
    locale) is printed as a replacement character, never raised as UnicodeEncodeError."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            try:
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
        return grade_command(argv)
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
