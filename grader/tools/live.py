"""The lecture hall as a chat room: `python -m grader demo --live [--port 1221] [--server FOLDER]`.

The reference server (solutions/tcp_server.py), or the tcp_server.py of a student's FOLDER,
runs in the grader's sandbox on a loopback port exactly as in grading. In front of it the
grader listens on every interface (--host, 0.0.0.0 by default) and relays each connection
to it, byte for byte, in both directions, so the whole class can join with their own
clients from their laptops. The relay reads the bytes as they pass, which is where the
dashboard's figures come from, whatever server is behind it:

  - who is connected, from which address, under which name (the one the welcome gave);
  - messages per second (the lines users send after their name) and how many in all;
  - the last lines of the conversation;
  - a user who stopped reading: bytes for them wait and do not move. The relay then holds
    at most PENDING_CAP bytes for that user and stops reading the server's side of their
    connection, so the server meets the same full buffers it would meet without the
    relay: with a server that sends to everyone from one thread, the whole room freezes,
    live, and the dashboard shows who froze it.

The relay is one thread with a selector and never blocks. Windows has only select(), which
watches at most 512 sockets: there the relay holds people_cap() people and tells the next
ones that the room is full, and the demo says so when it starts, together with what Windows'
firewall needs before anyone on the campus network can join (start_notes()). Ctrl+C ends it all: the relay's
sockets are closed and the sandboxed server is killed with everything it started.
--duration S ends it after S seconds (for tests and for a timed exercise).
"""
import argparse
import collections
import selectors
import signal
import socket
import sys
import threading
import time
from pathlib import Path
from typing import Any

from rich.console import Console, Group
from rich.live import Live
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from chatkit import protocol
from chatkit.ports import DEFAULT_PORT, LOOPBACK, SERVER_HOST
from grader import KIT_ROOT
from grader.chat.scenarios import start_server
from grader.chat.transcript import Scenario, StartFailure
from grader.messages import say
from grader.report.terminal import clean
from grader.sandbox import platform

EXIT_OK, EXIT_SERVER_FAILED, EXIT_USAGE = 0, 1, 2
MODULE = "tcp_server.py"
RECV_BYTES = 65536
PENDING_CAP = 256 * 1024     # bytes the relay holds for one side before it stops reading the other
CLIENT_SNDBUF = 64 * 1024    # the kernel's buffer towards a laptop: a user who stopped reading shows soon
STALL_SECONDS = 3.0          # bytes for a user that have not moved for this long: they stopped reading
RATE_WINDOW = 5.0            # messages per second are counted over the last RATE_WINDOW seconds
LAST_LINES = 12              # lines of conversation on the dashboard
LINE_CAP = 8192              # a line the dashboard parses is cut here: a line without end costs nothing
CONNECT_SECONDS = 3.0        # the relay's connection to the server must open within this
REFRESH_PER_SECOND = 4
SELECT_SOCKETS = 512         # what select() watches at most on Windows (Python's FD_SETSIZE there)


def people_cap(selector):
    """How many people the relay can hold with `selector`, or None for no limit. Each person
    takes two sockets (the laptop's and the server's) and the listener one; only select()
    has a limit, and on Windows DefaultSelector is select() (epoll and kqueue scale)."""
    if isinstance(selector, selectors.SelectSelector):
        return (SELECT_SOCKETS - 1) // 2 - 5   # a margin for sockets being closed
    return None


def start_notes(lang, host, cap, windows=None):
    """What the demo says when it starts, beyond where to connect: Windows' firewall lets
    only Private networks in by default, and a select() that holds `cap` people. `windows`:
    this system's (platform.is_windows()) unless a test says."""
    notes = []
    if windows is None:
        windows = platform.is_windows()
    if windows and host not in (LOOPBACK, "localhost", "::1"):
        notes.append(say("live.windows_firewall", lang))
    if cap is not None:
        notes.append(say("live.windows_cap", lang, cap=cap))
    return notes


class Lines:
    """Splits a byte stream into lines for the dashboard; the bytes themselves pass unchanged."""

    def __init__(self):
        self.tail = b""

    def feed(self, data):
        pieces = (self.tail + data).split(b"\n")
        self.tail = pieces.pop()[-LINE_CAP:]
        return [piece[:LINE_CAP].decode(protocol.ENCODING, "replace").rstrip("\r") for piece in pieces]


class Person:
    """One connection from a laptop, and its twin connection to the server."""

    def __init__(self, number, address, client, upstream, now):
        self.number = number
        self.address = address           # (ip, port) of the laptop
        self.client, self.upstream = client, upstream
        self.since = now
        self.typed = None                # the first line: the name as typed
        self.name = None                 # the name the server's welcome gave
        self.messages = 0
        self.to_client = bytearray()     # from the server, not yet taken by the laptop
        self.to_server = bytearray()
        self.waiting_since = None        # when bytes for the laptop last failed to move
        self.from_client, self.from_server = Lines(), Lines()
        self.interest = {}               # socket -> the selector events registered for it

    @property
    def shown_name(self):
        return self.name or self.typed

    def stuck(self, now, stall):
        return self.waiting_since is not None and now - self.waiting_since > stall


WELCOME_HEAD, WELCOME_TAIL = protocol.WELCOME.split("{name}")


class Relay:
    """Listens on (host, port), relays every connection to `upstream`, and keeps the figures."""

    def __init__(self, host, port, upstream, stall=STALL_SECONDS, lang="ru", selector=None):
        self.upstream = upstream
        self.stall = stall
        self.lang = lang
        self.listener = socket.create_server((host, port), backlog=128)
        self.listener.setblocking(False)
        self.address = self.listener.getsockname()[:2]
        self.selector = selector or selectors.DefaultSelector()
        self.cap = people_cap(self.selector)   # None: as many as come
        self.selector.register(self.listener, selectors.EVENT_READ, None)
        self.people = {}                 # number -> Person, those connected now
        self.lines: collections.deque = collections.deque(maxlen=LAST_LINES)   # (time, name, text)
        self.stamps: collections.deque = collections.deque()                   # when each recent message passed
        self.total = 0                   # messages in all
        self.visitors = 0                # connections in all
        self.turned_away = 0             # connections refused at the cap
        self.lock = threading.Lock()     # the dashboard reads what the relay thread writes
        self.stop = threading.Event()
        self.thread = None
        self.started = time.monotonic()

    # --- the relay thread --------------------------------------------------------------
    def start(self):
        self.thread = threading.Thread(target=self.run, name="live-relay", daemon=True)
        self.thread.start()
        return self

    def run(self):
        while not self.stop.is_set():
            for key, events in self.selector.select(0.1):
                if key.data is None:
                    self._accept()
                    continue
                person, side = key.data
                if person.number not in self.people:
                    continue   # ended earlier in this round
                if events & selectors.EVENT_WRITE:
                    self._write(person, side)
                if events & selectors.EVENT_READ and person.number in self.people:
                    self._read(person, side)
                if person.number in self.people:
                    self._update(person)
            now = time.monotonic()
            with self.lock:
                while self.stamps and now - self.stamps[0] > RATE_WINDOW:
                    self.stamps.popleft()

    def _accept(self):
        try:
            client, address = self.listener.accept()
        except OSError:
            return
        if self.cap is not None and len(self.people) >= self.cap:
            self._turn_away(client)
            return
        try:
            upstream = socket.create_connection(self.upstream, timeout=CONNECT_SECONDS)
        except OSError:
            client.close()   # the server is gone or full: the laptop sees the connection close
            return
        for sock in (client, upstream):
            sock.setblocking(False)
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        try:
            client.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, CLIENT_SNDBUF)
        except OSError:
            pass
        with self.lock:
            self.visitors += 1
            person = Person(self.visitors, address[:2], client, upstream, time.monotonic())
            self.people[person.number] = person
        self._update(person)

    def _turn_away(self, client):
        """The room is full (select()'s limit): one line that says so, then the door closes."""
        with self.lock:
            self.turned_away += 1
        try:
            client.setblocking(False)
            client.send(protocol.encode_line(say("live.full", self.lang, cap=self.cap)))
        except OSError:
            pass
        client.close()

    def _read(self, person, side):
        sock = person.client if side == "client" else person.upstream
        try:
            data = sock.recv(RECV_BYTES)
        except BlockingIOError:
            return
        except OSError:
            data = b""
        if not data:
            self._end(person)
            return
        if side == "client":
            person.to_server += data
            self._heard(person, person.from_client.feed(data))
        else:
            person.to_client += data
            for line in person.from_server.feed(data):
                if person.name is None and line.startswith(WELCOME_HEAD) and line.endswith(WELCOME_TAIL):
                    person.name = line[len(WELCOME_HEAD):len(line) - len(WELCOME_TAIL)]
        self._write(person, "server" if side == "client" else "client")

    def _heard(self, person, lines):
        now = time.monotonic()
        with self.lock:
            for line in lines:
                if person.typed is None:
                    person.typed = line.strip() or protocol.DEFAULT_NAME
                    continue
                if line.strip() == protocol.QUIT or not line.strip():
                    continue
                person.messages += 1
                self.total += 1
                self.stamps.append(now)
                self.lines.append((now, person.shown_name, line))

    def _write(self, person, side):
        sock, pending = ((person.client, person.to_client) if side == "client"
                         else (person.upstream, person.to_server))
        if not pending:
            return
        try:
            sent = sock.send(pending)
        except BlockingIOError:
            sent = 0
        except OSError:
            self._end(person)
            return
        del pending[:sent]
        if side == "client":
            now = time.monotonic()
            with self.lock:
                if not pending:
                    person.waiting_since = None
                elif sent or person.waiting_since is None:
                    person.waiting_since = now   # it moved (or just began to wait): the clock starts again

    def _update(self, person):
        """Register what each socket waits for: read only while the other side's bytes fit."""
        wants = {
            person.client: (selectors.EVENT_READ if len(person.to_server) < PENDING_CAP else 0)
                           | (selectors.EVENT_WRITE if person.to_client else 0),
            person.upstream: (selectors.EVENT_READ if len(person.to_client) < PENDING_CAP else 0)
                             | (selectors.EVENT_WRITE if person.to_server else 0),
        }
        for sock, events in wants.items():
            side = "client" if sock is person.client else "server"
            had = person.interest.get(sock, 0)
            if events == had:
                continue
            if not had:
                self.selector.register(sock, events, (person, side))
            elif not events:
                self.selector.unregister(sock)
            else:
                self.selector.modify(sock, events, (person, side))
            person.interest[sock] = events

    def _end(self, person):
        """Either side ended: what is still owed goes out as far as it can, then both close."""
        for sock, pending in ((person.upstream, person.to_server), (person.client, person.to_client)):
            try:
                if pending:
                    sock.send(pending)
            except OSError:
                pass
            if person.interest.get(sock):
                self.selector.unregister(sock)
            sock.close()
        person.interest.clear()
        with self.lock:
            self.people.pop(person.number, None)

    def close(self):
        self.stop.set()
        if self.thread is not None:
            self.thread.join(2.0)
        for person in list(self.people.values()):
            for sock in (person.client, person.upstream):
                sock.close()
        self.people.clear()
        self.selector.close()
        self.listener.close()

    # --- what the dashboard shows -----------------------------------------------------------
    def snapshot(self):
        """The figures at this moment, as plain data (the dashboard and the tests read this)."""
        now = time.monotonic()
        with self.lock:
            people = [{"number": p.number, "name": p.shown_name, "address": f"{p.address[0]}:{p.address[1]}",
                       "seconds": now - p.since, "messages": p.messages, "pending": len(p.to_client),
                       "stuck": p.stuck(now, self.stall), "named": p.typed is not None}
                      for p in self.people.values()]
            recent = len(self.stamps)
            return {"people": people, "rate": recent / min(RATE_WINDOW, max(1.0, now - self.started)),
                    "total": self.total, "visitors": self.visitors,
                    "lines": [(name, text) for _, name, text in self.lines]}


def addresses_to_join(host, port):
    """Where the class connects: this machine's own addresses when listening on all of them."""
    if host not in ("0.0.0.0", ""):
        return [f"{host}:{port}"]
    found: list = []
    try:
        for info in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET):
            found.append(info[4][0])
    except OSError:
        pass
    try:   # the address of the default route: connect() on UDP only picks a route, it sends nothing
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(("192.0.2.1", 9))   # TEST-NET-1: never routed anywhere
            found.append(probe.getsockname()[0])
    except OSError:
        pass
    unique = [ip for ip in dict.fromkeys(found) if not ip.startswith("127.")]
    return [f"{ip}:{port}" for ip in unique] or [f"{LOOPBACK}:{port}"]


class LiveDemo:
    """The sandboxed server, the relay in front of it and the dashboard they make."""

    def __init__(self, folder, host=SERVER_HOST, port=DEFAULT_PORT, lang="ru", label=None, stall=STALL_SECONDS):
        self.folder = Path(folder)
        self.host, self.port, self.lang = host, port, lang
        self.label = label or str(self.folder / MODULE)
        self.stall = stall
        self.book = Scenario(lang)   # the sandbox's bookkeeping: the server and its cleanup
        self.chat: Any = None    # the server under demonstration (grader.chat.scenarios.Chat), once started
        self.relay: Any = None   # the Relay in front of it, once started
        self.join = ""

    def start(self):
        """Start the server (StartFailure says why not), then the relay (OSError: the port)."""
        self.chat = start_server(self.book, self.folder, MODULE, "tcp")
        self.relay = Relay(self.host, self.port, self.chat.address, self.stall, self.lang).start()
        # Looked up once: a host name lookup on every redraw could wait on a resolver.
        self.join = ", ".join(addresses_to_join(self.host, self.address[1]))
        return self

    @property
    def address(self):
        return self.relay.address

    def server_trouble(self):
        child = self.chat.process if self.chat else None
        if child is not None and child.exited():
            return child.describe_exit(self.lang)
        return None

    def stop(self):
        if self.relay is not None:
            self.relay.close()
        self.book.close()   # kills the server and everything it started

    def words(self, key, **fields):
        return say(f"live.{key}", self.lang, **fields)

    def frame(self):
        figures = self.relay.snapshot()
        join = self.join
        title = Text(self.words("title", server=self.label, address=join), style="bold")
        people = Table(expand=True, pad_edge=False)
        justify: Any
        for key, justify in (("number", "right"), ("name", "left"), ("address", "left"), ("since", "right"),
                             ("messages", "right"), ("state", "left")):
            people.add_column(self.words("col." + key), justify=justify, no_wrap=True)
        for person in figures["people"]:
            if person["stuck"]:
                state = Text(self.words("state.stuck", kb=max(1, person["pending"] // 1024)), style="bold red")
            elif person["name"] is None:
                state = Text(self.words("state.naming"), style="dim")
            else:
                state = Text(self.words("state.chatting"), style="green")
            people.add_row(str(person["number"]), Text(person["name"] or "—"), person["address"],
                           self.words("seconds", s=int(person["seconds"])),
                           str(person["messages"]), state)
        stats = Text(self.words("stats", users=len(figures["people"]), rate=f"{figures['rate']:.1f}",
                                total=figures["total"], visitors=figures["visitors"]))
        talk = Text()
        for index, (name, text) in enumerate(figures["lines"]):
            if index:
                talk.append("\n")
            talk.append(f"{clean(name or '?')}: ", style="bold")
            talk.append(clean(text)[:200])
        parts: list[Any] = [title, Text(self.words("how", address=join), style="dim"), people, stats,
                 Panel(talk or Text(self.words("no_lines"), style="dim"), title=self.words("lines"),
                       title_align="left", border_style="blue")]
        trouble = self.server_trouble()
        if trouble:
            parts.append(Text(self.words("server_stopped", why=trouble), style="bold red"))
        return Group(*parts)


def parser():
    def text(key, **fields):
        return say(f"live.help.{key}", "ru", **fields)

    p = argparse.ArgumentParser(prog="python -m grader demo --live", description=text("description"))
    p.add_argument("--server", metavar="FOLDER", help=text("server"))
    p.add_argument("--host", default=SERVER_HOST, help=text("host", host=SERVER_HOST))
    p.add_argument("--port", type=int, default=DEFAULT_PORT, help=text("port", port=DEFAULT_PORT))
    p.add_argument("--duration", type=float, metavar="S", help=text("duration"))
    p.add_argument("--lang", choices=("ru", "en"), default="ru", help=text("lang"))
    return p


def main(argv):
    from grader.engine.submission import UsageError, open_submission

    args = parser().parse_args(argv)
    lang = args.lang
    console = Console(highlight=False)

    def tell(text, style=None):
        console.print(text, style=style, markup=False, soft_wrap=True)

    if not 0 <= args.port <= 65535 or (args.duration is not None and args.duration <= 0):
        tell(say("live.bad_number", lang), "red")
        return EXIT_USAGE
    if args.server:
        try:
            folder = open_submission(args.server, lang)
        except UsageError as error:
            tell(str(error), "red")
            return EXIT_USAGE
        label = f"{args.server.rstrip('/')}/{MODULE}"
    else:
        folder, label = KIT_ROOT / "solutions", f"solutions/{MODULE}"
    if not (Path(folder) / MODULE).is_file():
        tell(say("demo.no_module", lang, folder=args.server or folder), "red")
        return EXIT_USAGE

    # Ctrl+C is how a live demo ends, even when it was started from a script or in the
    # background, where the shell hands the process SIGINT already ignored.
    if hasattr(signal, "SIGINT"):
        signal.signal(signal.SIGINT, signal.default_int_handler)
    demo = LiveDemo(folder, args.host, args.port, lang, label)
    try:
        try:
            demo.start()
        except StartFailure as failure:
            tell(say("demo.failed", lang, reason=failure.reason), "red")
            return EXIT_SERVER_FAILED
        except OSError as error:
            tell(say("live.port_taken", lang, host=args.host, port=args.port, error=error.strerror or error), "red")
            return EXIT_USAGE
        # One plain line first, whatever the terminal: where to connect (a script reads it too).
        tell(say("live.listening", lang, address=f"{demo.address[0]}:{demo.address[1]}"))
        for note in start_notes(lang, args.host, demo.relay.cap):
            tell(note, "yellow")
        sys.stdout.flush()
        deadline = time.monotonic() + args.duration if args.duration else None

        def running():
            return deadline is None or time.monotonic() < deadline

        try:
            if console.is_terminal:
                with Live(get_renderable=demo.frame, console=console, refresh_per_second=REFRESH_PER_SECOND,
                          screen=False, transient=False):
                    while running():
                        time.sleep(0.2)   # the screen redraws itself; this thread only waits for the end
            else:
                while running():
                    time.sleep(0.2)
        except KeyboardInterrupt:
            pass   # Ctrl+C: the way a live demo ends
        if not console.is_terminal:
            Console(width=120, highlight=False, file=console.file).print(demo.frame())
        figures = demo.relay.snapshot()
    finally:
        demo.stop()
    tell(say("live.done", lang, visitors=figures["visitors"], total=figures["total"]), "dim")
    return EXIT_OK
