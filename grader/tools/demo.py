"""A live chat for the lecture hall: `python -m grader demo [FOLDER] [--svg FILE] [--speed X]`.

Starts the reference server (solutions/tcp_server.py), or the tcp_server.py of FOLDER, in the
grader's sandbox on a free port, and lets a few scripted users join, talk in Russian and
leave. A rich screen shows, side by side, what each user's terminal would show, and under it
the server's own output. The script is finite and every wait in it is bounded, so the demo
always ends by itself; a server that misbehaves only leaves gaps and red notes on the screen.

Without a terminal (piped, in CI) nothing is animated: the final screen is printed once.
--svg FILE saves the final screen as a picture (assignment.md shows docs/example.svg).
"""
import argparse
import io
import sys
import time
from pathlib import Path
from typing import Any

from rich.console import Console, Group
from rich.live import Live
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from chatkit import protocol
from chatkit.ports import LOOPBACK
from grader.engine import limits
from grader.messages import say
from grader.chat.transcript import Failure, Scenario, StartFailure
from grader.report.terminal import clean, kind_label
from grader.engine.roles import find_roles
from grader.chat.scenarios import start_server
from grader.engine.submission import KIT_ROOT, UsageError, open_submission

EXIT_OK, EXIT_SERVER_FAILED, EXIT_USAGE = 0, 1, 2
MODULE = "tcp_server.py"
WIDTH = 120             # columns of the picture and of the headless screen
USER_LINES = 16         # lines of text inside each user's panel (fewer on a short terminal)
SERVER_LINES = 4        # lines inside the server's panel
PAUSE = 1.2             # seconds between two steps of the script at --speed 1
LINE_GAP = 0.05         # a server that sends no newlines: a chunk after this much silence starts a new line

COLORS = ("magenta", "cyan", "green", "yellow")

# (user, action, text): who does what, in order. Short lines, so the panels stay readable.
# The names agree with the course's fixed wording («{name} присоединился к чату.», «{name}
# покинул чат.»), which a lecture hall reads aloud: no «Вика покинул чат».
SCRIPT = (
    ("Антон", "join", None),
    ("Боря", "join", None),
    ("Антон", "say", "Привет! Есть кто живой?"),
    ("Боря", "say", "Привет, Антон! Я тут."),
    ("Витя", "join", None),
    ("Витя", "say", "Всем привет! Я не опоздал?"),
    ("Антон", "say", "Нет, как раз начинаем."),
    ("Боря", "say", "У сервера по потоку на каждого из нас."),
    ("Витя", "say", "А список пользователей под замком."),
    ("Витя", "say", "Мне пора, до встречи!"),
    ("Витя", "leave", None),
    ("Боря", "say", "Пока, Витя!"),
    ("Боря", "leave", None),
    ("Антон", "leave", None),
)

def users_of(script):
    names = []
    for name, _, _ in script:
        if name not in names:
            names.append(name)
    return names


def notice_suffixes():
    """The fixed ends of the join and leave notices, taken from the protocol, to dim them."""
    return tuple(template.split("{name}", 1)[1] for template in (protocol.JOINED, protocol.LEFT))


class Demo:
    """The running chat: the server, the scripted users and what each of them saw."""

    def __init__(self, folder, lang="ru", speed=1.0, script=SCRIPT, label=None):
        self.folder = Path(folder)
        self.module = find_roles(self.folder).file(MODULE)   # server.py, chat_server.py...: found by its code
        self.lang = lang
        self.pause = PAUSE / max(speed, 0.01)
        self.script = script
        self.label = label or str(self.folder / self.module)
        self.names = users_of(script)
        self.colors = {name: COLORS[i % len(COLORS)] for i, name in enumerate(self.names)}
        self.scenario = Scenario(lang)
        self.chat: Any = None   # grader.chat.scenarios.Chat, once started
        self.users = {}
        self.state = {name: "waiting" for name in self.names}
        self.messages = 0
        self.finished = False

    def words(self, key, **values):
        return say(f"demo.{key}", self.lang, **values)

    # --- running the script ------------------------------------------------------------------
    def start(self):
        """Start the server; StartFailure says why it did not."""
        self.chat = start_server(self.scenario, self.folder, self.module, "tcp")

    def run(self, on_step=None):
        """Play the script to its end. Every step is bounded; a failing one leaves a note."""
        for name, action, text in self.script:
            try:
                if action == "join":
                    self.users[name] = self.chat.join(name)
                    self.state[name] = "in_chat"
                elif action == "say" and name in self.users:
                    self.users[name].say(text)
                    self.messages += 1
                    self._wait_everyone(name, protocol.chat_line(name, text))
                elif action == "leave" and name in self.users:
                    self.chat.leave(self.users[name])
                    self.state[name] = "left"
                    self._wait_everyone(name, protocol.left(name))
            except Failure as failure:
                self.scenario.log(name, "note", failure.reason)
            if on_step:
                on_step()
            time.sleep(self.pause)  # the pace of the show, not a synchronisation
        self.finished = True

    def _wait_everyone(self, sender, line):
        """Wait (bounded) until every other user in the chat got `line`; note who did not."""
        deadline = time.monotonic() + limits.EXPECT_TIMEOUT
        for name, user in self.users.items():
            if name == sender or self.state[name] != "in_chat":
                continue
            if not user.stream.wait_for(line, max(0.0, deadline - time.monotonic()), claim=False):
                self.scenario.log(name, "note", self.words("not_arrived", text=line))

    def stop(self):
        self.scenario.close()

    # --- drawing ----------------------------------------------------------------------------
    def user_text(self, name):
        """What the user's terminal shows: the lines received, and (after ») the lines typed."""
        color = self.colors[name]
        dim_ends = notice_suffixes()
        lines, current, last_recv = [], Text(), None

        def finish():
            nonlocal current
            if current.plain.endswith(dim_ends):
                current.stylize("dim")
            lines.append(current)
            current = Text()

        for moment, actor, kind, text in list(self.scenario.events):
            if actor != name:
                continue
            if kind == "recv":
                if current.plain and last_recv is not None and moment - last_recv > LINE_GAP:
                    finish()  # a server that sends no newlines: a pause ends its line
                pieces = clean(text.replace("\r", "")).split("\n")
                for piece in pieces[:-1]:
                    current.append(piece)
                    finish()
                current.append(pieces[-1])
                last_recv = moment
            elif kind == "send":
                if current.plain:
                    finish()
                lines.append(Text(f"» {clean(text).rstrip(chr(10))}", style=f"bold {color}"))  # what the user typed
            elif kind == "close":
                if current.plain:
                    finish()
                lines.append(Text("· " + kind_label(kind, self.lang), style="dim italic"))
            elif kind == "note":
                if current.plain:
                    finish()
                lines.append(Text(text, style="red"))
        if current.plain:
            lines.append(current)
        return lines

    def server_text(self):
        child = self.chat.process if self.chat else None
        lines = []
        if child is not None:
            lines += [Text(line) for line in clean(child.stdout.text()).splitlines()]
            lines += [Text(line, style="red") for line in clean(child.stderr.text()).splitlines()]
        return lines

    def frame(self, width=WIDTH, user_lines=USER_LINES):
        """The whole screen: a title, one panel per user, the server's panel."""
        address = f"{LOOPBACK}:{self.chat.address[1]}" if self.chat else "?"
        title = Text(self.words("title", server=self.label, address=address), style="bold")
        column = max(24, width // max(1, len(self.names)))
        grid = Table.grid(padding=0)
        for _ in self.names:
            grid.add_column(width=column)
        panels = []
        for name in self.names:
            state = self.state[name]
            style = self.colors[name] if state == "in_chat" else "dim"
            mark = "●" if state == "in_chat" else "○"
            panels.append(Panel(tail(self.user_text(name), column - 4, user_lines),
                                title=Text(f"{mark} {name} — {self.words('state.' + state)}", style=f"bold {style}"),
                                title_align="left", border_style=style, height=user_lines + 2, width=column))
        grid.add_row(*panels)
        server = Panel(tail(self.server_text(), column * len(self.names) - 4, SERVER_LINES),
                       title=Text(f"{self.words('server')}: {self.label}", style="bold"), title_align="left",
                       border_style="blue", height=SERVER_LINES + 2, width=column * len(self.names))
        return Group(title, grid, server)


def tail(lines, width, count):
    """The last `count` screen lines of `lines` once wrapped to `width`, as one Text."""
    measure = Console(width=max(10, width), file=io.StringIO())
    wrapped: list[Text] = []
    for line in lines:
        wrapped.extend(line.wrap(measure, max(10, width)) if line.plain else [Text("")])
    shown = Text()
    for index, line in enumerate(wrapped[-count:]):
        if index:
            shown.append("\n")
        shown.append_text(line)
    return shown


def default_folder():
    return KIT_ROOT / "solutions"


def parser():
    def text(key):
        return say(f"demo.help.{key}", "ru")

    p = argparse.ArgumentParser(prog="python -m grader demo", description=text("description"))
    p.add_argument("folder", nargs="?", help=text("folder"))
    p.add_argument("--svg", metavar="FILE", help=text("svg"))
    p.add_argument("--speed", type=float, default=1.0, metavar="X", help=text("speed"))
    p.add_argument("--lang", choices=("ru", "en"), default="ru", help=text("lang"))
    p.add_argument("--live", action="store_true", help=text("live"))
    return p


def main(argv):
    if "--live" in argv:   # the lecture hall as a chat room: grader/tools/live.py
        from grader.tools import live
        return live.main([arg for arg in argv if arg != "--live"])
    args = parser().parse_args(argv)
    console = Console(highlight=False)
    if args.speed <= 0:
        console.print(say("demo.bad_speed", args.lang), style="red", markup=False)
        return EXIT_USAGE
    if args.folder:
        try:
            folder = open_submission(args.folder, args.lang)
        except UsageError as error:
            console.print(str(error), style="red", markup=False, soft_wrap=True)
            return EXIT_USAGE
        module = find_roles(folder).file(MODULE)
        label = f"{args.folder.rstrip('/')}/{module}" if Path(args.folder).is_dir() else f"{args.folder}: {module}"
    else:
        folder, label = default_folder(), f"solutions/{MODULE}"
    if find_roles(folder).files.get(MODULE) is None:
        console.print(say("demo.no_module", args.lang, folder=args.folder or folder), style="red", markup=False,
                      soft_wrap=True)
        return EXIT_USAGE

    demo = Demo(folder, args.lang, args.speed, label=label)
    try:
        try:
            demo.start()
        except StartFailure as failure:
            console.print(say("demo.failed", args.lang, reason=failure.reason), style="red", markup=False, soft_wrap=True)
            return EXIT_SERVER_FAILED
        if console.is_terminal:
            # The whole frame must fit the terminal: title, two panel borders, the server's panel.
            fit = max(4, min(USER_LINES, console.height - SERVER_LINES - 6))
            with Live(get_renderable=lambda: demo.frame(max(80, console.width), fit), console=console,
                      refresh_per_second=8, transient=False) as screen:
                demo.run()
                screen.refresh()
        else:
            demo.run()
            Console(width=WIDTH, highlight=False, file=console.file).print(demo.frame(WIDTH))
        final = demo.frame(WIDTH)
    finally:
        demo.stop()
    if args.svg:
        record = Console(record=True, width=WIDTH, file=io.StringIO(), force_terminal=True, highlight=False)
        record.print(final)
        path = Path(args.svg)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(record.export_svg(title="python -m grader demo"), encoding="utf-8")
        console.print(say("demo.saved", args.lang, path=path), markup=False, soft_wrap=True)
    console.print(say("demo.done", args.lang, messages=demo.messages, users=len(demo.names)), style="dim",
                  markup=False, soft_wrap=True)
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
