"""Simulated users and the text they receive: the grader's eyes and hands on the sockets.

A check reads as a scenario:

    anya, borya = chat.join("Аня", "Боря")
    anya.say("Привет!")
    borya.expect("Аня: Привет!")

Every action is logged in a Scenario with its time, so a failed check comes with the
transcript of each simulated user: what it sent, what it expected, what arrived.

Matching ignores how bytes were framed: received text is decoded as one stream, line
breaks are dropped, and an expected message may arrive split over several segments or
merged with others. The words themselves must be exact.
"""
import bisect
import codecs
import itertools
import select
import socket
import threading
import time

from chatkit import protocol
from chatkit.ports import LOOPBACK
from grader.chat.settling import datagram_taken, drained, idle_and_empty, received, socket_ready
from grader.chat.transcript import Failure, flatten, target
from grader.engine import limits
from grader.messages import say

QUICKACK = getattr(socket, "TCP_QUICKACK", None)
CAUSES = ("send", "connect", "close", "type", "ready")   # scenario events an expected line may answer
PIECES_CAP = 100_000   # arrival marks kept per stream (for a lenient "after she left"); a flood stops adding

# What the simulated users receive is ordered by arrival, one count for every stream, never by
# the clock: before Python 3.13 Windows' time.monotonic() ticks every 15.6 ms, so a join
# notice and the leave that follows it would share a timestamp, and "after she left" would
# find the join notice.
_arrivals = itertools.count(1)
_arrivals_lock = threading.Lock()   # next() alone is atomic only under the GIL (not in 3.13t/3.14t)


def arrival_mark():
    """"Now" in the order of arrival: later than every piece any stream has received so far,
    earlier than every piece received from now on (see Stream.text_since)."""
    with _arrivals_lock:
        return next(_arrivals)


class Stream:
    """Everything one actor has received, decoded, for matching with line breaks ignored."""

    def __init__(self):
        self._decoder = codecs.getincrementaldecoder(protocol.ENCODING)("replace")
        self._flat = []
        self._flat_text = ""
        self._dirty = False
        self._cond = threading.Condition()
        self._claimed = {}
        self._marks = []          # each piece's arrival_mark(), where it starts in the flattened text,
        self._starts = []         # and the piece itself, line breaks kept (for a lenient match's line)
        self._pieces = []
        self._length = 0          # characters of flattened text kept
        self.size = 0
        self.ended = False

    def decode(self, data, whole=False):
        """Received bytes -> the text they complete, decoded as one stream: a character cut
        between two pieces is decoded once its last byte arrives (`whole`: a datagram,
        which never continues in the next one). Called by the stream's one reader."""
        return data.decode(protocol.ENCODING, "replace") if whole else self._decoder.decode(data)

    def feed(self, data, whole=False):
        """Add received bytes; `whole` for a datagram, which never continues in the next one."""
        self.add(self.decode(data, whole), len(data))

    def add(self, text, size):
        """Add text decode() made of `size` received bytes."""
        with self._cond:
            self.size += size
            if self.size <= limits.STREAM_CAP:
                flat = flatten(text)
                if len(self._marks) < PIECES_CAP:
                    self._marks.append(arrival_mark())
                    self._starts.append(self._length)
                    self._pieces.append(text)
                self._flat.append(flat)
                self._length += len(flat)
                self._dirty = True
            self._cond.notify_all()

    def end(self):
        with self._cond:
            self.ended = True
            self._cond.notify_all()

    def rest(self):
        """At the end of the stream: what the decoder still holds (a character cut short), as «�»."""
        return self._decoder.decode(b"", final=True)

    def text_since(self, since):
        """The flattened text that arrived after `since` (an arrival_mark()), or all of it."""
        return self._since(since)[1]

    def _since(self, since):
        text = self.text()
        if since is None:
            return 0, text
        with self._cond:
            index = bisect.bisect_left(self._marks, since)
            start = self._starts[index] if index < len(self._starts) else self._length
        return start, text[start:]

    def arrived_line(self, want):
        """The whole received line that holds `want` (its last arrival), as the report quotes
        it: «Аня: Меня слышно?» when only «Меня слышно?» was looked for."""
        at = self.text().rfind(want)
        return self.line_at(at, want) if at >= 0 else want

    def line_at(self, offset, flat_match):
        """The received line (line breaks kept, then stripped) that holds the flattened text
        `flat_match` found at `offset`: what a lenient match refutes elsewhere."""
        with self._cond:
            index = bisect.bisect_right(self._starts, offset) - 1
            if 0 <= index < len(self._pieces):
                piece = self._pieces[index]
                for line in piece.splitlines():
                    if flat_match in line and line.strip() != flat_match.strip():
                        return line.strip()
                if flat_match in flatten(piece):   # a name that arrived with its "\n" (recv().decode())
                    return flatten(piece).strip()
        return flat_match

    def has_line(self, text):
        """Has a whole line (stripped) equal to `text` arrived: a server relaying a user's
        line as it came, rather than a notice about them?"""
        with self._cond:
            received = "".join(self._pieces)
        return any(line.strip() == text for line in received.splitlines())

    def text(self):
        """All text received so far, line breaks removed."""
        with self._cond:
            if self._dirty:
                self._flat_text = "".join(self._flat)
                self._flat = [self._flat_text]
                self._dirty = False
            return self._flat_text

    def count(self, text):
        if not isinstance(text, str):   # a lenient expectation (grader/chat/lenient.py)
            return int(text.find(self.text_since(text.since)) is not None)
        return self.text().count(target(text))

    def wait_for(self, text, timeout, claim=True, give_up=None):
        """Wait until `text` has arrived once more than it was already claimed.

        Returns True when it has; False at the timeout, when the stream ended first, or
        when give_up() says waiting is pointless (the other side's process died). `text`
        may also be a lenient Wanted, found by what it says (never claimed).
        """
        if not isinstance(text, str):
            return self._wait_wanted(text, timeout, give_up)
        want = target(text)
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                have = self.text().count(want) if want else 1
                if have > self._claimed.get(want, 0):
                    if claim:
                        self._claimed[want] = self._claimed.get(want, 0) + 1
                    return True
                left = deadline - time.monotonic()
                if left <= 0 or self.ended or (give_up and give_up()):
                    return False
                self._cond.wait(min(left, 0.05))

    def _wait_wanted(self, wanted, timeout, give_up=None):
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                base, flat = self._since(wanted.since)
                span = wanted.find(flat)
                if span is not None:
                    wanted.found = self.line_at(base + span[0], flat[span[0]:span[1]])
                    return True
                left = deadline - time.monotonic()
                if left <= 0 or self.ended or (give_up and give_up()):
                    return False
                self._cond.wait(min(left, 0.05))

    def wait_growth(self, since, timeout, give_up=None):
        """Wait until more than `since` bytes have arrived; True if they did."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while self.size <= since:
                left = deadline - time.monotonic()
                if left <= 0 or self.ended or (give_up and give_up()):
                    return False
                self._cond.wait(min(left, 0.05))
            return True


class Actor:
    """Something in a scenario that receives text: a simulated user, a fake server, a client's output."""

    role = "chat.role.actor"   # the catalogue id of what it is, shown beside its name
    ports: tuple = ()          # TCP ports of its connection (both ends): grader/chat/settling.py
    datagrams = False          # does it receive datagrams (UDP)?

    def __init__(self, name, scenario, role=None):
        self.name = name
        self.scenario = scenario
        self.role = role or self.role
        self.stream = Stream()
        scenario.actors.append(self)

    def log(self, kind, text=""):
        self.scenario.log(self.name, kind, text)

    def hopeless(self):
        """Is waiting for this actor pointless (a process the scenario watches has died, or
        they all wait for input the scenario has not sent: grader/chat/settling.py)?"""
        return self.scenario.crashed() is not None or self.scenario.settled()

    def delivered(self):
        """Has everything sent to this actor reached its stream? Unknown here: no."""
        return False

    def got(self, text):
        """True if `text` has arrived (without claiming it)."""
        return self.stream.count(text) > 0

    def bound(self, timeout):
        """How much longer to wait for something `timeout` allows after its cause: the last
        thing the scenario did (a line sent, a connection, a departure, a line typed, a
        server ready). Two users waiting for the same broadcast, or a welcome after a wait
        for any reply to the name, do not wait the bound twice; a little is always left
        for what is already on its way."""
        cause = None
        for when, _, kind, _ in reversed(list(self.scenario.events)):
            if kind in CAUSES:
                cause = when
                break
        if cause is None:
            return timeout
        return max(cause + timeout - self.scenario.now(), limits.NEXT_DATA_GRACE)

    def expect(self, text, timeout=limits.EXPECT_TIMEOUT, hint=None):
        """Wait for `text` to arrive (within `timeout` of its cause: bound()); fail the check
        with the transcript if it does not."""
        if self.stream.wait_for(text, self.bound(timeout), give_up=self.hopeless):
            self.log("expect-ok", text if isinstance(text, str) else text.describe(self.scenario.lang))
            return
        self.log("expect-missing", text if isinstance(text, str) else text.describe(self.scenario.lang))
        raise Failure(self._missing_reason(text, timeout), hint)

    def _missing_reason(self, text, timeout):
        lang = self.scenario.lang
        crashed = self.scenario.crashed()
        shown = target(text) if isinstance(text, str) else text.describe(lang)
        why = say("chat.missing", lang, name=self.name, text=shown)
        if crashed:
            return why + f" — {crashed.describe_exit(lang)}"
        if self.stream.ended:
            return why + say("chat.missing.closed", lang)
        return why + say("chat.missing.timeout", lang, seconds=timeout)

    def refute(self, text, quiet=limits.QUIET_WINDOW, hint=None):
        """Fail if `text` arrives (now or within a short quiet window)."""
        if self.stream.wait_for(text, quiet, claim=False):
            self.log("refute-arrived", text)
            arrived = self.stream.arrived_line(target(text)) if isinstance(text, str) else target(text)
            raise Failure(say("chat.unexpected", self.scenario.lang, name=self.name, text=arrived), hint)
        self.log("refute-ok", text)


class Output(Actor):
    """What a student's client prints, as the checks read it; `child` is set once it runs."""

    child: object = None   # the sandbox's Child, once it runs

    def delivered(self):
        """Has everything the client printed reached the stream (grader/chat/settling.py)?"""
        drains = getattr(self.child, "_drains", None)
        if not drains:
            return False   # not started yet
        return drained(drains[0])


def readable(reader, sock, timeout):
    """Wait until `sock` has something to read (or its end), at most `timeout` seconds, with
    the reader thread's `idle` flag up meanwhile: what wakes it stays queued until it reads,
    so "idle and nothing queued" means all it received has reached its stream
    (grader/chat/settling.py idle_and_empty). A socket select() cannot take is read at once."""
    reader.idle = True
    try:
        return bool(select.select([sock], [], [], timeout)[0])
    except (OSError, ValueError):
        return True   # closed, or beyond select()'s reach: the read itself says what it is
    finally:
        reader.idle = False


RAW_CAP = 64 * 1024   # bytes of a Peer's raw input kept for checks that look at exact bytes


class Peer(Actor):
    """One end of a TCP connection, read continuously by a thread of its own."""

    role = "chat.role.user"
    sign = ""   # put before every line said: a user whose client keeps the names (lenient.py)

    def __init__(self, name, sock, scenario, read=True, role=None):
        super().__init__(name, scenario, role)
        self.sock = sock
        self.raw = bytearray()  # the first RAW_CAP bytes received, line breaks and all
        self.sock.settimeout(limits.EXPECT_TIMEOUT)
        # Our lines go out at once. Scenarios never send two lines in a row before the
        # first was delivered, so a server that takes each recv() for one message (the
        # lecture's) still gets them one at a time.
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        try:
            self.ports = (sock.getsockname()[1], sock.getpeername()[1])
        except OSError:
            self.ports = ()   # already reset: nothing of it is on its way
        self._reader = None
        scenario.cleanups.append(self.close)
        if read:
            self._reader = threading.Thread(target=self._read, name=f"reader-{name}", daemon=True)
            self._reader.start()

    @classmethod
    def connect(cls, name, address, scenario, read=True):
        """Connect a new simulated user to a TCP server."""
        try:
            sock = socket.create_connection(address, timeout=limits.READY_TIMEOUT)
        except OSError as error:
            scenario.log(name, "note", f"connect: {error}")
            raise Failure(say("chat.connect_failed", scenario.lang, name=name, error=error.strerror or error))
        scenario.log(name, "connect")
        return cls(name, sock, scenario, read=read)

    def delivered(self):
        """Has every byte the kernel received for this user reached its stream? A user
        without a reader (the strict tier's) leaves what arrives in the kernel, where a read
        by hand (grader/chat/handshake.py read_until) takes it before it gives up."""
        if self.sock.fileno() == -1 or self.stream.ended or self._reader is None:
            return True
        try:
            got = received(self.sock)
        except OSError:
            return False
        if got is None:   # no kernel count here: the reader sleeps and nothing is queued
            return idle_and_empty(self._reader, lambda: socket_ready(self.sock))
        return got == self.stream.size

    def _read(self):
        while True:
            self._ack_at_once()
            if not readable(self._reader, self.sock, limits.EXPECT_TIMEOUT):
                continue
            try:
                data = self.sock.recv(65536)
            except socket.timeout:
                continue
            except OSError:
                data = b""
            if not data:
                rest = self.stream.rest()
                if rest:
                    self.log("recv", rest)
                    self.stream.add(rest, 0)
                self.log("eof")
                self.stream.end()
                return
            # Logged as the stream decodes it: a character cut between two segments is shown
            # whole in the segment that completes it, not as two «�».
            text = self.stream.decode(data)
            self.log("recv", text)
            if len(self.raw) < RAW_CAP:
                self.raw += data[:RAW_CAP - len(self.raw)]
            self.stream.add(text, len(data))

    def _ack_at_once(self):
        """Acknowledge what arrives at once (Linux's TCP_QUICKACK, which wears off, so it is
        renewed before every recv). A server that sends small messages without TCP_NODELAY
        otherwise waits for our delayed ACK, 40 ms a message, before sending the next."""
        try:
            self.sock.setsockopt(socket.IPPROTO_TCP, QUICKACK, 1)
        except (OSError, TypeError):
            pass  # not Linux, or the socket is closed

    def send_bytes(self, data, note=None):
        """Send raw bytes; a server that stopped reading or closed is the student's failure."""
        self.log("send", note if note is not None else data.decode(protocol.ENCODING, "replace"))
        try:
            self.sock.sendall(data)
        except OSError as error:
            raise Failure(say("chat.send_failed", self.scenario.lang, name=self.name, error=error.strerror or error))

    def say(self, text, plain=False):
        """Send one line of the protocol; with a `sign` ("Аня: ", lenient's reading of a server
        that keeps no names) before it unless `plain`."""
        self.send_bytes(protocol.encode_line(text if plain else self.sign + text))

    def close(self):
        """Disconnect (idempotent)."""
        if self.sock.fileno() == -1:
            return
        self.log("close")
        try:
            self.sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass  # already disconnected by the other side
        self.sock.close()
        if self._reader is not None:
            self._reader.join(limits.STOP_TIMEOUT)


class DatagramPeer(Actor):
    """A UDP socket on loopback that talks to one server address, read by a thread of its own."""

    role = "chat.role.user"

    def __init__(self, name, scenario, remote=None):
        super().__init__(name, scenario)
        self.remote = remote          # where say() sends; a fake server learns it from recv
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind((LOOPBACK, 0))
        self.sock.settimeout(0.1)
        self.sources = []
        self._stop = threading.Event()
        self._reader = threading.Thread(target=self._read, name=f"reader-{name}", daemon=True)
        self._reader.start()
        scenario.cleanups.append(self.close)

    datagrams = True

    @property
    def address(self):
        return self.sock.getsockname()

    def delivered(self):
        """Has every datagram that reached its socket reached its stream (its reader sleeps
        receiving, nothing queued)?"""
        if self._stop.is_set():
            return True
        try:
            return datagram_taken(self._reader, self.sock)
        except OSError:
            return False

    def _read(self):
        while not self._stop.is_set():
            if not readable(self._reader, self.sock, 0.1):
                continue
            try:
                data, source = self.sock.recvfrom(65536)
            except socket.timeout:
                continue
            except OSError:
                # ICMP "port unreachable" from an earlier send surfaces here; keep listening.
                if self.sock.fileno() == -1:
                    return
                continue
            if source not in self.sources:
                self.sources.append(source)
            if self.remote is None:
                self.remote = source
            self.log("recv", data.decode(protocol.ENCODING, "replace"))
            self.stream.feed(data, whole=True)

    def say(self, text, to=None, plain=True):
        """Send one datagram (as it is: no signature over UDP)."""
        to = to or self.remote
        data = text.encode(protocol.ENCODING)
        self.log("send", text)
        try:
            self.sock.sendto(data, to)
        except OSError as error:
            raise Failure(say("chat.send_failed", self.scenario.lang, name=self.name, error=error.strerror or error))

    def vanish(self):
        """Close without "/quit", and make sure the port is closed when this returns: a
        datagram sent to it now meets no socket (Windows' server then gets
        ConnectionResetError). The reader is waited for (one poll, 0.1 s): on Linux a socket
        that a thread still waits on stays open after close()."""
        self.log("vanish")
        self._stop.set()
        self._reader.join(limits.STOP_TIMEOUT)
        self.sock.close()

    def close(self):
        if self._stop.is_set():
            self.sock.close()
            return
        self._stop.set()
        # Not joined: the reader notices the flag (or the closed socket) within its 0.1 s
        # poll, and waiting for it would only slow every UDP check's teardown.
        self.sock.close()
