"""Load benchmark: `python -m grader bench [FOLDER]` measures a chat server under load.

    python -m grader bench [FOLDER] [--users N] [--messages M] [--size B]
                           [--scenario NAME ...] [--compare FOLDER2] [--runs K]
                           [--json FILE] [--lang ru|en]

The server under test runs isolated exactly as in grading (grader.sandbox.Child: a private
copy of the folder, a scrubbed environment, resource limits, its own process group), on a
port the OS picked, and is killed at the end of every run. While it runs, a sampling
thread reads the resident memory (and, where the system keeps one, its peak) and the thread
count of the server and its descendants (grader.sandbox.platform, psutil).

The load driver is this module's own: N users on raw non-blocking sockets, one reader
thread for all of them (a selector), one sender thread. Every message carries a unique
ASCII token <m SENDER SEQ SENT_NS>, so each delivery is counted once per receiver,
duplicates are seen, and the latency is measured from the send to the arrival. The
driver joins each user with the protocol's handshake (the prompt, the name, the welcome
from chatkit.protocol), then waits until a probe message has reached every user, so no
message is sent before the server counts its receivers in.

Scenarios (all of them by default):
  fan-out         every user sends M messages of B bytes (ASCII) to everyone else;
  cyrillic-burst  the same with 1500-byte lines of 2-byte letters and no pause: a server
                  that decodes each recv() on its own breaks where a letter is cut;
  stuck-reader    one extra user joins and never reads while up to 10 others exchange
                  several MB: does the room keep going, or does everyone wait for one?
                  The others send with a window (--window rounds in flight), as users
                  who read what they get; --window 0 sends it all as one burst, which
                  also tests how a server treats readers who merely fall behind.
  churn           users join and leave between the rounds of messages; only the users
                  present for the whole run are counted;
  udp             fan-out over the folder's udp_server.py: loss is expected and reported.

A run ends when every expected delivery has arrived; when the server has disconnected
some users and every user left has got everything from every other user left (the room
went on, the disconnected users' deliveries are lost); when nothing new has arrived for
IDLE_SECONDS (the server stalled, or lost the rest); or at the hard time limit. "Kept
going" means one of the first two.

`--compare FOLDER2` runs both servers on each scenario K times (default 3), alternating
A B, B A, ..., and reports the medians, and for each figure the median of the ratios
FOLDER/FOLDER2 of the runs taken side by side. On a shared
machine absolute figures move with the neighbours' load; the ratios of runs taken side
by side are what to trust.

Exit status: 0 when the runs were measured (whatever the figures say); 1 when some run
could not be measured (the server did not start, or the users could not join); 2 for a
usage error.
"""
import argparse
import contextlib
import math
import re
import select
import selectors
import socket
import statistics
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from chatkit import protocol
from chatkit.ports import LOOPBACK, free_port
from grader import limits
from grader.peers import Scenario, StartFailure
from grader.sandbox import Child, PortTaken, descendants, platform

EXIT_OK, EXIT_UNMEASURED, EXIT_USAGE = 0, 1, 2

SCENARIOS = ("fan-out", "cyrillic-burst", "stuck-reader", "churn", "udp")
MODULE = {"udp": "udp_server.py"}          # every other scenario runs tcp_server.py

CYRILLIC_BYTES = 1500          # cyrillic-burst: one line's size, > the lecture's recv(1024)
STUCK_TALKERS = 10             # stuck-reader: how many users talk (each gets everything)
STUCK_LINE_BYTES = 1000        # stuck-reader: one line's size
STUCK_MIN_BYTES = 8 * 2**20    # stuck-reader: the stuck user is sent at least this, and always
                               # twice what the kernel may buffer for it (see stuck_bytes)
STUCK_WINDOW = 8               # stuck-reader: rounds in flight, so the users who do read stay close
CHURN_MAX = 10                 # churn: at most this many leavers in flight per round
IDLE_SECONDS = 3.0             # nothing new for this long: the run is over (stalled, or lost the rest)
RUN_SECONDS = 60.0             # hard bound on one run's traffic
JOIN_SECONDS = limits.READY_TIMEOUT   # one user's handshake must finish within this
SYNC_SECONDS = 10.0            # all users must have seen a probe within this
SYNC_PROBE_EVERY = 0.2         # a probe not seen by everyone by then is sent again
SAMPLE_EVERY = 0.02            # the server's memory and threads are read this often
RECV_BYTES = 256 * 1024
UDP_RCVBUF = 4 * 2**20         # the driver's UDP sockets ask for this much buffer, so loss is the server's
DRAIN_BYTES = 64 * 2**20       # stuck-reader: at most this much is drained at the end to see a drop

TOKEN = re.compile(rb"<([ms]) (\d+) (\d+) (\d+)>")   # m: a counted message; s: a sync probe
ASCII_FILL = b"x" * 4096
CYRILLIC_FILL = ("ж" * 2048).encode(protocol.ENCODING)

WORDS = {
    "title": ("Нагрузочный тест чата", "Chat load benchmark"),
    "scenario": ("сценарий", "scenario"),
    "server": ("сервер", "server"),
    "rate": ("доставок\nв секунду", "deliveries\nper second"),
    "delivered": ("доставлено", "delivered"),
    "lost": ("потери", "lost"),
    "dups": ("дубли", "dups"),
    "latency": ("задержка мс\np50/p99/max", "latency ms\np50/p99/max"),
    "rss": ("память\nМБ", "memory\nMB"),
    "threads": ("потоки", "threads"),
    "outcome": ("итог", "outcome"),
    "ratio": ("отношение", "ratio"),
    "complete": ("всё доставлено", "all delivered"),
    "stalled": ("встал через {s:.2g} с", "stalled after {s:.2g} s"),
    "timeout": ("не успел за {s:.0f} с", "not done in {s:.0f} s"),
    "closed": ("все отключены", "all disconnected"),
    "survivors": ("оставшиеся получили всё", "the users left got everything"),
    "udp-quiet": ("потери UDP", "UDP loss"),
    "udp-where": ("буфер сервера отбросил {server}, буферы пользователей {users} датаграмм",
                  "dropped at the server's buffer: {server}, at the users' buffers: {users} datagrams"),
    "dropped": ("{n} отключены сервером", "{n} disconnected by the server"),
    "stuck-dropped": ("зависшего отключили", "stuck user dropped"),
    "skipped": ("пропущен: {why}", "skipped: {why}"),
    "failed-runs": ("прогонов с ошибкой: {n} ({why})", "runs that failed: {n} ({why})"),
    "run-line": ("{rate} доставок/с, потеряно {lost} из {expected}, p99 {p99} мс, {rss} МБ, потоков: {threads}; "
                 "{outcome}",
                 "{rate} deliveries/s, lost {lost} of {expected}, p99 {p99} ms, {rss} MB, {threads} threads; "
                 "{outcome}"),
    "no-module": ("нет {module}", "no {module}"),
    "error": ("ошибка: {why}", "error: {why}"),
    "joining": ("подключение", "joining"),
    "syncing": ("синхронизация", "syncing"),
    "sending": ("сообщения", "messages"),
    "run": ("прогон {k}/{n}", "run {k}/{n}"),
    "trust": ("На общей машине абсолютные числа шумят: доверяйте отношениям прогонов, идущих вперемежку, "
              "а не самим числам.",
              "On a shared machine absolute figures are noisy: trust the ratios of runs taken side by side, "
              "not the figures themselves."),
    "medians": ("Медианы по {k} прогонам; отношение — медиана отношений {a} / {b} соседних прогонов.",
                "Medians of {k} runs; ratio: the median of the ratios {a} / {b} of runs taken side by side."),
    "no-folder": ("Не нашли «{path}»: укажите папку с решением, например python -m grader bench solutions.",
                  "\"{path}\" does not exist: give a submission folder, e.g. python -m grader bench solutions."),
    "no-server": ("В «{path}» нет tcp_server.py: нагрузочный тест запускает сервер, положите его в папку.",
                  "\"{path}\" has no tcp_server.py: the benchmark runs a server, put it in the folder."),
    "bad-number": ("{option} должно быть не меньше {low} и не больше {high}.",
                   "{option} must be between {low} and {high}."),
    "join-failed": ("пользователь {name} не подключился: {why}", "user {name} could not join: {why}"),
    "no-prompt": ("сервер не прислал приглашение ввести имя за {s:.0f} с",
                  "the server sent no name prompt within {s:.0f} s"),
    "no-welcome": ("сервер не ответил приветствием за {s:.0f} с", "the server sent no welcome within {s:.0f} s"),
    "closed-early": ("сервер закрыл соединение", "the server closed the connection"),
    "refused": ("сервер не принял соединение ({error})", "the server refused the connection ({error})"),
    "sync-failed": ("не все пользователи получили пробное сообщение за {s:.0f} с",
                    "not every user got a probe message within {s:.0f} s"),
    "no-threads": ("потокам не хватило адресного пространства песочницы ({gib:g} ГиБ): каждый поток резервирует "
                   "8 МиБ под стек; попробуйте --address-space 8",
                   "the threads ran out of the sandbox's address space ({gib:g} GiB): each thread reserves 8 MiB "
                   "of stack; try --address-space 8"),
    "json-written": ("Все числа записаны в {path}", "All figures written to {path}"),
}


def word(lang, key, **values):
    ru, en = WORDS[key]
    return (ru if lang == "ru" else en).format(**values)


class JoinError(Exception):
    """A user could not complete the handshake; the message says why, in the report's language."""


# --- the plan of one scenario ----------------------------------------------------------

@dataclass
class Settings:
    users: int = 100
    messages: int = 10
    size: int = 64
    idle: float = IDLE_SECONDS
    run_seconds: float = RUN_SECONDS
    lang: str = "ru"
    window: int = STUCK_WINDOW
    address_space_gib: float | None = None   # None: the sandbox's own cap, as in grading


@dataclass
class Plan:
    """What one scenario does: who talks, how much, in which alphabet, over what."""
    scenario: str
    transport: str       # "tcp" or "udp"
    talkers: int         # users present for the whole run: each sends and reads
    messages: int        # messages per talker
    size: int            # bytes per line, token included
    fill: bytes
    stuck: int = 0       # users who join and never read
    churn: bool = False  # users join and leave between the rounds
    window: int = 0      # a round is sent only once the round this far back reached everyone (0: no pacing)

    @property
    def module(self):
        return MODULE.get(self.scenario, "tcp_server.py")

    @property
    def expected(self):
        return self.talkers * (self.talkers - 1) * self.messages


def plan_for(scenario, settings):
    users, messages, size = settings.users, settings.messages, settings.size
    if scenario == "cyrillic-burst":
        return Plan(scenario, "tcp", users, messages, CYRILLIC_BYTES, CYRILLIC_FILL)
    if scenario == "stuck-reader":
        talkers = max(2, min(users, STUCK_TALKERS))
        per_user = math.ceil(stuck_bytes() / (talkers * STUCK_LINE_BYTES))
        return Plan(scenario, "tcp", talkers, per_user, STUCK_LINE_BYTES, ASCII_FILL, stuck=1,
                    window=settings.window)
    if scenario == "churn":
        return Plan(scenario, "tcp", users, messages, size, ASCII_FILL, churn=True)
    if scenario == "udp":
        return Plan(scenario, "udp", users, messages, size, ASCII_FILL)
    return Plan(scenario, "tcp", users, messages, size, ASCII_FILL)


def stuck_bytes():
    """What to send a user who never reads, so that it surely fills every buffer on the way.

    The bytes first fill the server's send buffer for that user (up to tcp_wmem's max, as
    the kernel grows it) and the user's receive buffer (tcp_rmem's default: it does not
    grow for a socket nobody reads); only past both can a server's send() wait.
    """
    try:
        with open("/proc/sys/net/ipv4/tcp_wmem") as wmem, open("/proc/sys/net/ipv4/tcp_rmem") as rmem:
            buffered = int(wmem.read().split()[2]) + int(rmem.read().split()[1])
    except (OSError, ValueError, IndexError):
        buffered = 0
    return min(64 * 2**20, max(STUCK_MIN_BYTES, 2 * buffered))


def message(sender, seq, size, fill, tag=b"m"):
    """One line: the token, then filler up to `size` bytes in all (whole characters only)."""
    head = b"<%s %d %d %d> " % (tag, sender, seq, time.perf_counter_ns())
    room = max(0, size - len(head) - 1)
    if fill is CYRILLIC_FILL:
        body = fill[: room - room % 2] + (b"." if room % 2 else b"")
    else:
        body = fill[:room]
    return head + body + b"\n"


# --- the server's memory and threads -----------------------------------------------------

def read_status(pid):
    """(RSS kB, peak RSS kB, threads) of one process, or None when it is gone. The peak is
    the system's own (Linux VmHWM, Windows peak working set); elsewhere the sampled RSS."""
    memory = platform.memory_and_threads(pid)
    if memory is None:
        return None
    peak = memory.peak if memory.peak is not None else memory.rss
    return memory.rss // 1024, peak // 1024, memory.threads


class Sampler:
    """A thread that keeps the peak memory and thread count of a process and its descendants."""

    def __init__(self, pid):
        self.pid = pid
        self.pids = [pid]
        self.peak_rss_kb = 0
        self.peak_threads = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="bench-sampler", daemon=True)

    def start(self):
        self._thread.start()
        return self

    def _sample(self):
        rss = hwm = threads = 0
        for pid in self.pids:
            status = read_status(pid)
            if status:
                rss, hwm, threads = rss + status[0], hwm + status[1], threads + status[2]
        # VmHWM is the kernel's own peak: it catches a spike between two samples.
        self.peak_rss_kb = max(self.peak_rss_kb, rss, hwm)
        self.peak_threads = max(self.peak_threads, threads)

    def _run(self):
        rounds = 0
        while not self._stop.wait(SAMPLE_EVERY):
            if rounds % 25 == 0:  # walking the process table is dearer: twice a second
                self.pids = [self.pid, *descendants(self.pid)]
            self._sample()
            rounds += 1

    def stop(self):
        """Take a last sample (the server must still be alive) and end the thread."""
        self._stop.set()
        self._thread.join(1.0)
        self._sample()


# --- the load driver ---------------------------------------------------------------------

def _wait_for(sock, buffer, wanted, deadline):
    """Read into `buffer` until `wanted` is in it; False if the time runs out, raise if closed."""
    while wanted not in buffer:
        left = deadline - time.monotonic()
        if left <= 0:
            return False
        sock.settimeout(left)
        try:
            chunk = sock.recv(65536)
        except socket.timeout:
            return False
        if not chunk:
            raise ConnectionResetError("closed")
        buffer += chunk
    return True


def join_tcp(port, name, lang, seconds=JOIN_SECONDS):
    """Connect, wait for the prompt, give the name, wait for the welcome; return the socket."""
    deadline = time.monotonic() + seconds
    try:
        sock = socket.create_connection((LOOPBACK, port), timeout=seconds)
    except OSError as error:
        raise JoinError(word(lang, "join-failed", name=name,
                             why=word(lang, "refused", error=error.strerror or error))) from None
    try:
        # The driver's lines go out at once: Nagle's wait for an ACK would be the driver's
        # delay, not the server's.
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        buffer = bytearray()
        # The prompt's trailing space is not insisted on: some servers strip it.
        if not _wait_for(sock, buffer, protocol.PROMPT.strip().encode(protocol.ENCODING), deadline):
            raise JoinError(word(lang, "join-failed", name=name, why=word(lang, "no-prompt", s=seconds)))
        sock.sendall(protocol.encode_line(name))
        if not _wait_for(sock, buffer, protocol.welcome(name).encode(protocol.ENCODING), deadline):
            raise JoinError(word(lang, "join-failed", name=name, why=word(lang, "no-welcome", s=seconds)))
    except OSError:
        sock.close()
        raise JoinError(word(lang, "join-failed", name=name, why=word(lang, "closed-early"))) from None
    except JoinError:
        sock.close()
        raise
    sock.setblocking(False)
    return sock


def join_udp(port, name, lang, seconds=JOIN_SECONDS):
    """Send the name from a fresh socket and wait for the welcome datagram."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, UDP_RCVBUF)
    except OSError:
        pass  # the kernel's cap applies; the loss is then partly the driver's
    sock.bind((LOOPBACK, 0))
    deadline = time.monotonic() + seconds
    wanted = protocol.welcome(name).encode(protocol.ENCODING)
    try:
        sock.sendto(name.encode(protocol.ENCODING), (LOOPBACK, port))
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise JoinError(word(lang, "join-failed", name=name, why=word(lang, "no-welcome", s=seconds)))
            sock.settimeout(left)
            try:
                data, _ = sock.recvfrom(65536)
            except socket.timeout:
                continue
            if wanted in data:
                break
    except OSError as error:
        sock.close()
        raise JoinError(word(lang, "join-failed", name=name,
                             why=word(lang, "refused", error=error.strerror or error))) from None
    except JoinError:
        sock.close()
        raise
    sock.setblocking(False)
    return sock


def udp_drops(ports):
    """Datagrams the kernel dropped at full receive buffers of the UDP sockets on `ports`:
    it tells loss at the server's door from loss at the users' doors. Linux only (the last
    column of /proc/net/udp); None elsewhere, where no system says it."""
    drops = getattr(platform, "udp_drops", None)
    return None if drops is None else drops(ports)


class Tally:
    """What the readers received: deliveries, duplicates, latencies, probes. Fed by one thread."""

    def __init__(self, talkers, messages):
        self.talkers = talkers
        self.messages = messages
        self.seen = [bytearray(talkers * messages) for _ in range(talkers)]
        self.tails = [b""] * talkers
        self.probes = [set() for _ in range(talkers)]   # receiver -> senders of probes seen
        self.delivered = 0
        self.duplicates = 0
        self.echoes = 0          # a user's own message came back to them
        self.latencies_ns = []
        self.last_delivery = None
        self.per_round = [0] * messages   # new deliveries of each round, for the sender's window

    def feed(self, receiver, data, now_ns, whole=False):
        """Count the tokens in `data` received by `receiver`; True if a probe was among them.

        A TCP chunk may end inside a token: its unfinished end is kept and read again in
        front of the next chunk. A datagram (`whole`) never continues.
        """
        if not whole:
            data = self.tails[receiver] + data
        probe = False
        end = 0
        seen = self.seen[receiver]
        for match in TOKEN.finditer(data):
            end = match.end()
            sender, seq = int(match.group(2)), int(match.group(3))
            if sender >= self.talkers:
                continue
            if match.group(1) == b"s":
                self.probes[receiver].add(sender)
                probe = True
                continue
            if seq >= self.messages:
                continue
            if sender == receiver:
                self.echoes += 1
                continue
            slot = sender * self.messages + seq
            if seen[slot]:
                self.duplicates += 1
                seen[slot] = min(255, seen[slot] + 1)
                continue
            seen[slot] = 1
            self.delivered += 1
            self.per_round[seq] += 1
            self.latencies_ns.append(now_ns - int(match.group(4)))
            self.last_delivery = now_ns
        if not whole:
            rest = data[end:]
            start = rest.rfind(b"<")
            self.tails[receiver] = rest[start:][-64:] if start >= 0 else b""
        return probe


class Load:
    """N users on one server: join, sync, send, count. Every wait is bounded."""

    def __init__(self, plan, port, settings, on_progress=None):
        self.plan = plan
        self.port = port
        self.settings = settings
        self.lang = settings.lang
        self.on_progress = on_progress or (lambda *args: None)
        self.tally = Tally(plan.talkers, plan.messages)
        self.users = []              # sockets of the talkers, index = token sender id
        self.stuck = []              # sockets that never read
        self.closed = set()          # talkers whose connection the server ended
        self.dead = set()            # talkers a send failed for
        self.send_errors = 0
        self.changed = threading.Condition()
        self.stop = threading.Event()
        self.sent_all = threading.Event()
        self.churn_cycles = 0
        self.churn_errors = 0
        self.churn_over = False
        self.selector = selectors.DefaultSelector()
        self.threads = []
        self.t0_ns = None
        self.send_ns = None

    # --- setting up ----------------------------------------------------------------
    def join_all(self):
        join = join_udp if self.plan.transport == "udp" else join_tcp
        started = time.perf_counter()
        total = self.plan.talkers + self.plan.stuck
        # The stuck users join first: by the time the others have joined, the server has
        # certainly counted them in.
        for k in range(self.plan.stuck):
            self.stuck.append(join(self.port, f"stuck{k}", self.lang))
            self.on_progress("joining", len(self.stuck), total)
        for i in range(self.plan.talkers):
            sock = join(self.port, f"u{i}", self.lang)
            self.users.append(sock)
            self.selector.register(sock, selectors.EVENT_READ, i)
            self.on_progress("joining", len(self.stuck) + i + 1, total)
        self.join_seconds = time.perf_counter() - started

    def start_reader(self):
        thread = threading.Thread(target=self._read, name="bench-reader", daemon=True)
        thread.start()
        self.threads.append(thread)

    def _read(self):
        udp = self.plan.transport == "udp"
        while not self.stop.is_set():
            events = self.selector.select(0.05)
            if not events:
                continue
            probe = False
            delivered_before = self.tally.delivered
            for key, _ in events:
                receiver = key.data
                for _ in range(64 if udp else 1):  # datagrams: drain a few per wake-up
                    try:
                        chunk = key.fileobj.recv(RECV_BYTES)
                    except BlockingIOError:
                        break
                    except OSError:
                        chunk = b"" if not udp else None
                    if chunk is None:
                        continue  # ICMP-reported error on a UDP socket: nothing to count
                    if not chunk and not udp:
                        self.selector.unregister(key.fileobj)
                        self.closed.add(receiver)
                        probe = True  # wake the monitor: maybe nobody is left to wait for
                        break
                    probe |= self.tally.feed(receiver, chunk, time.perf_counter_ns(), whole=udp)
            if probe or self.tally.delivered != delivered_before:
                with self.changed:
                    self.changed.notify_all()

    def sync(self):
        """Wait until every user has seen a probe: the server has counted them all in."""
        deadline = time.monotonic() + SYNC_SECONDS
        probes = self.tally.probes
        for sender, receivers in ((0, range(1, self.plan.talkers)), (1, (0,))):
            if self.plan.talkers < 2:
                return True
            seq = 0
            while True:
                waiting = [r for r in receivers if sender not in probes[r] and r not in self.closed]
                self.on_progress("syncing", self.plan.talkers - len(waiting), self.plan.talkers)
                if not waiting:
                    break
                if time.monotonic() > deadline:
                    return False
                self._send(sender, message(sender, seq, 0, b"", tag=b"s"))
                seq += 1
                until = min(deadline, time.monotonic() + SYNC_PROBE_EVERY)
                with self.changed:
                    while (any(sender not in probes[r] and r not in self.closed for r in waiting)
                           and time.monotonic() < until):
                        self.changed.wait(0.02)
        return True

    # --- sending -------------------------------------------------------------------
    def _send(self, i, data):
        """Send one line from user i without ever blocking past the run; False if it failed."""
        if i in self.dead:
            return False
        sock = self.users[i]
        try:
            if self.plan.transport == "udp":
                try:
                    sock.sendto(data, (LOOPBACK, self.port))
                except BlockingIOError:
                    pass  # the driver's own send buffer is full: the datagram is lost, and counted so
                return True
            view = memoryview(data)
            while view:
                if self.stop.is_set():
                    return False
                try:
                    view = view[sock.send(view):]
                except BlockingIOError:
                    # The server is not reading from this user: wait for room, in short steps.
                    select.select([], [sock], [], 0.05)
            return True
        except OSError:
            self.dead.add(i)
            self.send_errors += 1
            return False

    def _send_rounds(self):
        plan = self.plan
        for seq in range(plan.messages):
            if plan.churn and seq:
                self._wait_churn(seq)
            if plan.window and seq >= plan.window:
                self._wait_round(seq - plan.window)
            for i in range(plan.talkers):
                if self.stop.is_set():
                    return
                if not self._send(i, message(i, seq, plan.size, plan.fill)) and i not in self.dead:
                    return  # the run was stopped while this send waited
        self.send_ns = time.perf_counter_ns() - self.t0_ns
        self.sent_all.set()
        with self.changed:
            self.changed.notify_all()

    def _wait_round(self, seq):
        """Wait until round `seq` has reached every user: flow control, as a patient chat would have.

        Without it the driver pushes the whole load at once, and what is measured is how
        a server copes with users who fall behind a burst, not with one who never reads.
        Once any user is gone the round can never complete, and the window is let go.
        """
        whole = self.plan.talkers * (self.plan.talkers - 1)
        with self.changed:
            while (self.tally.per_round[seq] < whole and not self.closed and not self.dead
                   and not self.stop.is_set()):
                self.changed.wait(0.05)

    def _wait_churn(self, seq):
        """Before round `seq`, let `seq` users have joined and left: the churn is interleaved."""
        with self.changed:
            while self.churn_cycles < seq and not self.churn_over and not self.stop.is_set():
                self.changed.wait(0.05)

    def _churn(self):
        """Join and leave again and again, alternating /quit and a plain close, until the rounds are sent."""
        k = 0
        while not self.stop.is_set() and not self.sent_all.is_set():
            name = f"c{k}"
            try:
                sock = join_tcp(self.port, name, self.lang)
                sock.setblocking(True)
                sock.settimeout(JOIN_SECONDS)
                sock.sendall(b"<c %d 0 0> passing by\n" % k)
                if k % 2:
                    sock.sendall(protocol.encode_line(protocol.QUIT))
                sock.close()
            except (JoinError, OSError):
                self.churn_errors += 1
                if self.churn_errors > CHURN_MAX:
                    return  # the server does not take newcomers: the rounds are not held back
            k += 1
            with self.changed:
                self.churn_cycles = k
                self.changed.notify_all()
        with self.changed:
            self.churn_over = True  # release the sender whatever happened
            self.changed.notify_all()

    # --- the run -------------------------------------------------------------------
    def run(self):
        """Send every round and watch the deliveries; return how the run ended."""
        self.t0_ns = time.perf_counter_ns()
        if self.plan.churn:
            churn = threading.Thread(target=self._churn, name="bench-churn", daemon=True)
            churn.start()
            self.threads.append(churn)
        sender = threading.Thread(target=self._send_rounds, name="bench-sender", daemon=True)
        sender.start()
        self.threads.append(sender)
        expected = self.plan.expected
        hard_deadline = time.monotonic() + self.settings.run_seconds
        last_count, last_change = -1, time.monotonic()
        while True:
            with self.changed:
                self.changed.wait(0.1)
            delivered = self.tally.delivered
            now = time.monotonic()
            if delivered != last_count:
                last_count, last_change = delivered, now
            self.on_progress("sending", delivered, expected)
            if delivered >= expected:
                ending = "complete"
                break
            gone = self.closed | self.dead
            if self.plan.transport == "tcp" and len(gone) >= self.plan.talkers - 1:
                ending = "closed"  # nobody is left to talk to
                break
            if self.plan.transport == "tcp" and gone and self.sent_all.is_set() and self.survivors_complete():
                ending = "survivors"
                break
            if now - last_change > self.settings.idle:
                ending = "quiet" if self.plan.transport == "udp" else "stalled"
                break
            if now > hard_deadline:
                ending = "timeout"
                break
        self.elapsed_ns = time.perf_counter_ns() - self.t0_ns
        # Freeze the count: whatever arrives from now on (say, once the stuck user's
        # socket is drained below and a stalled server wakes up) is not part of the run.
        self.stop.set()
        for thread in self.threads:
            thread.join(2.0)
        return ending

    def survivors_complete(self):
        """Has every user still connected got every message of every other user still connected?

        When the server has disconnected some users, their deliveries are lost for good;
        the question left is whether the room went on for the rest, or froze.
        """
        alive = [i for i in range(self.plan.talkers) if i not in self.closed and i not in self.dead]
        m = self.plan.messages
        for receiver in alive:
            seen = self.tally.seen[receiver]
            for sender in alive:
                if sender != receiver and 0 in seen[sender * m:(sender + 1) * m]:
                    return False
        return True

    def stuck_dropped(self):
        """Did the server end a stuck user's connection? Drain what it holds to find out."""
        dropped = 0
        for sock in self.stuck:
            drained, deadline = 0, time.monotonic() + 2.0
            while drained < DRAIN_BYTES and time.monotonic() < deadline:
                try:
                    chunk = sock.recv(RECV_BYTES)
                except BlockingIOError:
                    break  # still connected, nothing more queued
                except OSError:
                    chunk = b""
                if not chunk:
                    dropped += 1
                    break
                drained += len(chunk)
        return dropped

    def close(self):
        self.stop.set()
        for thread in self.threads:
            thread.join(2.0)
        for sock in self.users + self.stuck:
            try:
                sock.close()
            except OSError:
                pass
        self.selector.close()


# --- one measured run --------------------------------------------------------------------

def percentile(values, fraction):
    if not values:
        return None
    return values[min(len(values) - 1, int(fraction * len(values)))]


@contextlib.contextmanager
def address_space(gib):
    """Start servers with another address-space cap than grading's (None: grading's own).

    The sandbox caps a child's address space (RLIMIT_AS), and every thread reserves its
    whole stack (8 MiB) and often a malloc arena (64 MiB) of it, however little it uses:
    a server with a thread or two per user hits the cap long before its memory is full.
    This changes the limit for the servers this process starts, and nothing else.
    """
    if gib is None:
        yield
        return
    saved = limits.CHILD_MEMORY_BYTES
    limits.CHILD_MEMORY_BYTES = int(gib * 2**30)
    try:
        yield
    finally:
        limits.CHILD_MEMORY_BYTES = saved


def server_trouble(child, lang):
    """What went wrong on the server's side, in one phrase, or None if nothing did."""
    if child is None:
        return None
    errors = child.stderr.text()
    if child.exited():
        trouble = child.describe_exit(lang)
    elif errors.strip():
        trouble = child.last_error()
    else:
        return None
    if "can't start new thread" in errors:
        gib = limits.CHILD_MEMORY_BYTES / 2**30
        trouble += " — " + word(lang, "no-threads", gib=gib)
    return trouble


def skipped(plan, folder, why):
    return {"scenario": plan.scenario, "server": str(folder), "transport": plan.transport,
            "skipped": why}


def measure(folder, scenario, settings, on_progress=None):
    """Run one scenario once against the server in `folder`; return every figure as a dict."""
    plan = plan_for(scenario, settings)
    folder = Path(folder)
    lang = settings.lang
    if not (folder / plan.module).is_file():
        return skipped(plan, folder, word(lang, "no-module", module=plan.module))
    kind = socket.SOCK_DGRAM if plan.transport == "udp" else socket.SOCK_STREAM
    port = free_port(kind)
    record = {"scenario": scenario, "server": str(folder), "transport": plan.transport,
              "users": plan.talkers, "stuck_users": plan.stuck, "messages": plan.messages,
              "size": plan.size, "expected": plan.expected}
    book = Scenario(lang)  # the sandbox's bookkeeping: processes and their cleanup
    load = sampler = child = None
    try:
        with address_space(settings.address_space_gib):
            child = Child(book, folder, plan.module, port)
        child.wait_ready(plan.transport)
        sampler = Sampler(child.proc.pid).start()
        load = Load(plan, port, settings, on_progress)
        load.start_reader()
        load.join_all()
        if not load.sync():
            raise JoinError(word(lang, "sync-failed", s=SYNC_SECONDS))
        ending = load.run()
        if plan.transport == "udp":
            record["udp_drops"] = {"server": udp_drops([port]),
                                   "users": udp_drops(sock.getsockname()[1] for sock in load.users)}
        stuck_dropped = load.stuck_dropped() if plan.stuck else None
        server_error = server_trouble(child, lang)
    except (StartFailure, JoinError, PortTaken) as error:
        reason = getattr(error, "reason", None) or str(error)
        trouble = server_trouble(child, lang) if isinstance(error, JoinError) else None
        record["error"] = f"{reason} ({trouble})" if trouble else reason
        record["ending"] = "error"
        return record
    finally:
        if load is not None:
            load.close()
        if sampler is not None:
            sampler.stop()  # a last sample while the server is still alive
        book.close()  # kills the server and everything it started

    tally = load.tally
    latencies = sorted(tally.latencies_ns)
    elapsed_s = load.elapsed_ns / 1e9
    # Throughput runs from the first send to the last delivery, not to when the run was
    # declared over (an idle wait would otherwise count as work).
    busy_s = ((tally.last_delivery - load.t0_ns) / 1e9) if tally.last_delivery else elapsed_s
    lost = plan.expected - tally.delivered
    record.update({
        "delivered": tally.delivered,
        "lost": lost,
        "loss": round(lost / plan.expected, 6) if plan.expected else 0.0,
        "duplicates": tally.duplicates,
        "echoes": tally.echoes,
        "send_errors": load.send_errors,
        "disconnected": len(load.closed | load.dead),   # the server ended them: EOF, or a send failed
        "ending": ending,
        "kept_going": ending in ("complete", "survivors"),
        "last_delivery_s": round(busy_s, 3),
        "join_s": round(load.join_seconds, 3),
        "send_s": round(load.send_ns / 1e9, 3) if load.send_ns else None,
        "elapsed_s": round(elapsed_s, 3),
        "deliveries_per_s": round(tally.delivered / busy_s, 1) if busy_s > 0 else 0.0,
        "latency_ms": {name: (round(percentile(latencies, q) / 1e6, 2) if latencies else None)
                       for name, q in (("p50", 0.5), ("p99", 0.99), ("max", 1.0))},
        "peak_rss_mb": round(sampler.peak_rss_kb / 1024, 1),
        "peak_threads": sampler.peak_threads,
    })
    if server_error:
        record["server_error"] = server_error
    if plan.stuck:
        record["stuck_dropped"] = stuck_dropped
    if plan.churn:
        record["churn_cycles"] = load.churn_cycles
        record["churn_errors"] = load.churn_errors
    return record


# --- several runs, two servers -----------------------------------------------------------

FIGURES = ("deliveries_per_s", "p50", "p99", "max", "peak_rss_mb", "peak_threads")


def figure(run, name):
    if name in ("p50", "p99", "max"):
        return (run.get("latency_ms") or {}).get(name)
    return run.get(name)


def summarize(runs):
    """Medians of the measured runs of one server on one scenario, and the worst loss."""
    measured = [run for run in runs if "delivered" in run]
    if not measured:
        first = runs[0] if runs else {}
        return {"runs": 0, "skipped": first.get("skipped"), "error": first.get("error")}
    summary = {"runs": len(measured)}
    for name in FIGURES:
        values = [figure(run, name) for run in measured if figure(run, name) is not None]
        summary[name] = round(statistics.median(values), 2) if values else None
    worst = max(measured, key=lambda run: run["lost"])
    summary.update({"expected": worst["expected"], "lost": worst["lost"], "loss": worst["loss"],
                    "duplicates": max(run["duplicates"] for run in measured),
                    "kept_going": all(run["kept_going"] for run in measured),
                    "ending": worst["ending"], "last_delivery_s": worst["last_delivery_s"],
                    "disconnected": max(run["disconnected"] for run in measured)})
    for key in ("stuck_dropped", "udp_drops"):
        if key in worst:
            summary[key] = worst[key]
    failed = [run for run in runs if run.get("ending") == "error"]
    if failed:
        summary["failed_runs"] = len(failed)
        summary["failure"] = failed[0]["error"]
    return summary


def ratio(a, b):
    if a is None or b is None or not b:
        return None
    return round(a / b, 3)


def pair_ratios(runs_a, runs_b):
    """For each figure, the median of the ratios A/B of the runs taken side by side.

    Run k of A and run k of B ran one right after the other, under the same neighbours'
    load: their ratio cancels most of that load, which the ratio of two medians does not.
    """
    pairs = [(a, b) for a, b in zip(runs_a, runs_b) if "delivered" in a and "delivered" in b]
    ratios = {}
    for name in FIGURES:
        values = [ratio(figure(a, name), figure(b, name)) for a, b in pairs]
        values = [value for value in values if value is not None]
        ratios[name] = round(statistics.median(values), 3) if values else None
    return ratios


def bench(folders, scenarios, settings, runs=1, on_start=None, on_progress=None, on_done=None):
    """Measure every scenario on each folder `runs` times, alternating the folders' order.

    Returns the whole report as a dict: the settings, every run, and per scenario the
    medians of each folder and (for two folders) the ratios first/second.
    """
    folders = [str(folder) for folder in folders]
    report = {"settings": {**asdict(settings), "runs": runs, "scenarios": list(scenarios)},
              "servers": folders, "runs": [], "scenarios": {}}
    for scenario in scenarios:
        by_folder = {folder: [] for folder in folders}
        for k in range(runs):
            order = folders if k % 2 == 0 else folders[::-1]
            for folder in order:
                if by_folder[folder] and "skipped" in by_folder[folder][0]:
                    continue  # nothing to repeat
                if on_start:
                    on_start(scenario, folder, k, runs)
                run = measure(folder, scenario, settings, on_progress)
                run["run"] = k + 1
                report["runs"].append(run)
                by_folder[folder].append(run)
                if on_done:
                    on_done(run)
        entry = {folder: summarize(by_folder[folder]) for folder in folders}
        if len(folders) == 2:
            entry["ratio"] = pair_ratios(*(by_folder[folder] for folder in folders))
        report["scenarios"][scenario] = entry
    if len(folders) == 2:
        report["note"] = WORDS["trust"][1]
    return report


# --- what the reader sees ----------------------------------------------------------------

def short_name(folder, other=None):
    """A folder's last part, or more of its path when two folders would look the same."""
    path = Path(folder)
    if other is not None and Path(other).name == path.name:
        return str(path)
    return path.name or str(path)


def outcome(summary, lang, scenario=None):
    """One phrase: how the run ended."""
    if summary.get("skipped"):
        return word(lang, "skipped", why=summary["skipped"])
    if summary.get("error"):
        return word(lang, "error", why=summary["error"])
    ending = summary["ending"]
    parts = []
    if ending == "complete":
        parts.append(word(lang, "complete"))
    elif ending == "stalled":
        parts.append(word(lang, "stalled", s=summary["last_delivery_s"]))
    elif ending == "closed":
        parts.append(word(lang, "closed"))
    elif ending == "survivors":
        parts.append(word(lang, "survivors"))
    elif ending == "quiet":
        drops = summary.get("udp_drops") or {}
        parts.append(word(lang, "udp-quiet"))
        if drops.get("server") is not None:
            parts.append(word(lang, "udp-where", server=_num(drops["server"]), users=_num(drops["users"])))
    else:
        parts.append(word(lang, "timeout", s=RUN_SECONDS))
    if summary.get("disconnected") and ending != "closed":
        parts.append(word(lang, "dropped", n=summary["disconnected"]))
    if summary.get("stuck_dropped"):
        parts.append(word(lang, "stuck-dropped"))
    if summary.get("failed_runs"):
        parts.append(word(lang, "failed-runs", n=summary["failed_runs"], why=summary["failure"]))
    return "; ".join(parts)


def _num(value, digits=0):
    if value is None:
        return "—"
    return f"{value:,.{digits}f}".replace(",", " ")


def _loss(summary):
    """Lost deliveries as a share of the expected: "0", or "93.4%" with the count in the JSON."""
    if summary.get("runs", 0) == 0:
        return "—"
    if not summary["lost"]:
        return "0"
    share = 100 * summary["loss"]
    return f"{share:.1f}%" if share >= 0.1 else f"{share:.3f}%"


def _ms(value):
    if value is None:
        return "—"
    return f"{value:.1f}" if value < 10 else f"{value:.0f}"


def _latency(summary):
    return "/".join(_ms(summary.get(name)) for name in ("p50", "p99", "max"))


def _ratio(value):
    return "—" if value is None else f"{value:.2f}×"


def summary_table(report, lang="ru", wide=True):
    """A rich table of the medians, and the ratios when two servers were compared.

    With two servers each scenario gets a heading row, then a row per server and one for
    the ratios. `wide` adds the outcome as a last column; otherwise see outcome_lines().
    """
    from rich.table import Table

    folders = report["servers"]
    compare = len(folders) > 1
    table = Table(title=word(lang, "title"), title_justify="left", pad_edge=False, show_edge=False)
    table.add_column(word(lang, "scenario"), no_wrap=True)
    for key in ("rate", "lost", "dups", "latency", "rss", "threads"):
        table.add_column(word(lang, key), justify="right", no_wrap=True)
    if wide:
        table.add_column(word(lang, "outcome"))
    blank = [""] * (7 if wide else 6)
    for scenario, entry in report["scenarios"].items():
        if compare:
            table.add_row(scenario, *blank, style="bold")
        for folder in folders:
            s = entry[folder]
            measured = s.get("runs", 0) > 0
            style = "" if not measured else ("green" if s["lost"] == 0 and s["duplicates"] == 0 else "red")
            name = " " + short_name(folder, folders[1 - folders.index(folder)]) if compare else scenario
            cells = ([_num(s["deliveries_per_s"]), _loss(s), _num(s["duplicates"]), _latency(s),
                      _num(s["peak_rss_mb"], 1), _num(s["peak_threads"])] if measured else ["—"] * 6)
            table.add_row(name, *cells, *([outcome(s, lang)] if wide else []), style=style)
        if compare:
            r = entry["ratio"]
            latency = "/".join("—" if r[name] is None else f"{r[name]:.2f}" for name in ("p50", "p99", "max"))
            latency = "—" if r["p50"] is None else latency + "×"
            table.add_row(" " + word(lang, "ratio"), _ratio(r["deliveries_per_s"]), "", "", latency,
                          _ratio(r["peak_rss_mb"]), _ratio(r["peak_threads"]), *([""] if wide else []),
                          style="bold", end_section=True)
    return table


def outcome_lines(report, lang="ru"):
    """How each run ended, one line per scenario and server: for a table too narrow to hold it."""
    folders = report["servers"]
    for scenario, entry in report["scenarios"].items():
        for folder in folders:
            name = f"{scenario} · {short_name(folder, folders[1 - folders.index(folder)] if len(folders) > 1 else None)}"
            yield f"{name}: {outcome(entry[folder], lang)}"


def run_line(run, lang):
    """One line for the log of finished runs."""
    name = Path(run["server"]).name
    head = f"{run['scenario']} · {name}" + (f" · #{run['run']}" if "run" in run else "")
    if "skipped" in run:
        return f"{head}: {word(lang, 'skipped', why=run['skipped'])}"
    if "error" in run:
        return f"{head}: {word(lang, 'error', why=run['error'])}"
    return f"{head}: " + word(lang, "run-line", rate=_num(run["deliveries_per_s"]), lost=_num(run["lost"]),
                              expected=_num(run["expected"]), p99=_ms(run["latency_ms"]["p99"]),
                              rss=_num(run["peak_rss_mb"], 1), threads=run["peak_threads"],
                              outcome=outcome(summarize([run]), lang))


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
            self.title += " · " + word(self.lang, "run", k=k + 1, n=runs)
        if self.task is not None:
            self.progress.remove_task(self.task)
        self.task = self.progress.add_task(self.title, total=None)

    def on_progress(self, phase, done, total):
        if self.task is not None:
            self.progress.update(self.task, description=f"{self.title} · {word(self.lang, phase)}",
                                 completed=done, total=total)

    def on_done(self, run):
        self.progress.console.print(run_line(run, self.lang), markup=False, highlight=False)


# --- command line ------------------------------------------------------------------------

def parser():
    p = argparse.ArgumentParser(
        prog="python -m grader bench",
        description="Нагрузочный тест сервера чата: доставки в секунду, потери, задержки, память и потоки. "
                    "Measures a chat server under load.")
    p.add_argument("folder", nargs="?", help="папка с tcp_server.py (по умолчанию lab/)")
    p.add_argument("--users", type=int, default=100, metavar="N", help="сколько пользователей (по умолчанию 100)")
    p.add_argument("--messages", type=int, default=10, metavar="M",
                   help="сколько сообщений отправляет каждый (по умолчанию 10)")
    p.add_argument("--size", type=int, default=64, metavar="B",
                   help="длина сообщения в байтах для fan-out, churn и udp (по умолчанию 64)")
    p.add_argument("--scenario", nargs="+", choices=SCENARIOS, metavar="NAME",
                   help="какие сценарии запустить: " + ", ".join(SCENARIOS) + " (по умолчанию все)")
    p.add_argument("--compare", metavar="FOLDER2", help="сравнить со вторым сервером: прогоны вперемежку и отношения")
    p.add_argument("--runs", type=int, metavar="K",
                   help="сколько прогонов каждого сценария (по умолчанию 3 при --compare, иначе 1)")
    p.add_argument("--json", metavar="FILE", help="записать все числа в JSON")
    p.add_argument("--idle", type=float, default=IDLE_SECONDS, metavar="S",
                   help=f"прогон окончен, если {IDLE_SECONDS:.0f} с ничего не приходит (по умолчанию)")
    p.add_argument("--window", type=int, default=STUCK_WINDOW, metavar="W",
                   help=f"stuck-reader: сколько раундов сообщений в пути (по умолчанию {STUCK_WINDOW}; "
                        f"0 — всё сразу, без ожидания читающих)")
    p.add_argument("--address-space", type=float, metavar="GIB",
                   help=f"предел адресного пространства сервера в ГиБ (по умолчанию как при проверке, "
                        f"{limits.CHILD_MEMORY_BYTES / 2**30:g})")
    p.add_argument("--lang", choices=("ru", "en"), default="ru", help="язык отчёта (по умолчанию ru)")
    return p


def check_folder(path, lang):
    """The folder to measure, or a UsageError sentence."""
    from grader.submission import UsageError, open_submission

    if not Path(path).exists():
        raise UsageError(word(lang, "no-folder", path=path))
    folder = open_submission(path, lang)
    if not (Path(folder) / "tcp_server.py").is_file():
        raise UsageError(word(lang, "no-server", path=path))
    return folder


def main(argv=None):
    from rich.console import Console

    from grader.results import write_json
    from grader.submission import UsageError, default_folder

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
            console.print(word(lang, "bad-number", option=option, low=low, high=high), style="red",
                          markup=False, soft_wrap=True)
            return EXIT_USAGE
    try:
        folders = [check_folder(args.folder or default_folder(), lang)]
        if args.compare:
            folders.append(check_folder(args.compare, lang))
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
    if len(folders) == 2:
        console.print(word(lang, "medians", k=runs, a=short_name(folders[0], folders[1]),
                           b=short_name(folders[1], folders[0])), markup=False)
        console.print(word(lang, "trust"), style="yellow", markup=False)
    if args.json:
        write_json(report, args.json)
        console.print(word(lang, "json-written", path=args.json), markup=False)
    unmeasured = any(run.get("ending") == "error" for run in report["runs"])
    return EXIT_UNMEASURED if unmeasured else EXIT_OK
