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
import codecs
import socket
import threading
import time

from chatkit import protocol
from chatkit.ports import LOOPBACK
from grader.chat.transcript import Failure, flatten, target
from grader.engine import limits
from grader.messages import say

QUICKACK = getattr(socket, "TCP_QUICKACK", None)


class Stream:
    """Everything one actor has received, decoded, for matching with line breaks ignored."""

    def __init__(self):
        self._decoder = codecs.getincrementaldecoder(protocol.ENCODING)("replace")
        self._flat = []
        self._flat_text = ""
        self._dirty = False
        self._cond = threading.Condition()
        self._claimed = {}
        self.size = 0
        self.ended = False

    def feed(self, data, whole=False):
        """Add received bytes; `whole` for a datagram, which never continues in the next one."""
        text = (data.decode(protocol.ENCODING, "replace") if whole
                else self._decoder.decode(data))
        with self._cond:
            self.size += len(data)
            if self.size <= limits.STREAM_CAP:
                self._flat.append(flatten(text))
                self._dirty = True
            self._cond.notify_all()

    def end(self):
        with self._cond:
            self.ended = True
            self._cond.notify_all()

    def text(self):
        """All text received so far, line breaks removed."""
        with self._cond:
            if self._dirty:
                self._flat_text = "".join(self._flat)
                self._flat = [self._flat_text]
                self._dirty = False
            return self._flat_text

    def count(self, text):
        return self.text().count(target(text))

    def wait_for(self, text, timeout, claim=True, give_up=None):
        """Wait until `text` has arrived once more than it was already claimed.

        Returns True when it has; False at the timeout, when the stream ended first, or
        when give_up() says waiting is pointless (the other side's process died).
        """
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

    def __init__(self, name, scenario, role=None):
        self.name = name
        self.scenario = scenario
        self.role = role or self.role
        self.stream = Stream()
        scenario.actors.append(self)

    def log(self, kind, text=""):
        self.scenario.log(self.name, kind, text)

    def hopeless(self):
        """Is waiting for this actor pointless (a process the scenario watches has died)?"""
        return self.scenario.crashed() is not None

    def got(self, text):
        """True if `text` has arrived (without claiming it)."""
        return self.stream.count(text) > 0

    def expect(self, text, timeout=limits.EXPECT_TIMEOUT, hint=None):
        """Wait for `text` to arrive; fail the check with the transcript if it does not."""
        if self.stream.wait_for(text, timeout, give_up=self.hopeless):
            self.log("expect-ok", text)
            return
        self.log("expect-missing", text)
        raise Failure(self._missing_reason(text, timeout), hint)

    def _missing_reason(self, text, timeout):
        lang = self.scenario.lang
        crashed = self.scenario.crashed()
        why = say("chat.missing", lang, name=self.name, text=target(text))
        if crashed:
            return why + f" — {crashed.describe_exit(lang)}"
        if self.stream.ended:
            return why + say("chat.missing.closed", lang)
        return why + say("chat.missing.timeout", lang, seconds=timeout)

    def refute(self, text, quiet=limits.QUIET_WINDOW, hint=None):
        """Fail if `text` arrives (now or within a short quiet window)."""
        if self.stream.wait_for(text, quiet, claim=False):
            self.log("refute-arrived", text)
            raise Failure(say("chat.unexpected", self.scenario.lang, name=self.name, text=target(text)), hint)
        self.log("refute-ok", text)


RAW_CAP = 64 * 1024   # bytes of a Peer's raw input kept for checks that look at exact bytes


class Peer(Actor):
    """One end of a TCP connection, read continuously by a thread of its own."""

    role = "chat.role.user"

    def __init__(self, name, sock, scenario, read=True, role=None):
        super().__init__(name, scenario, role)
        self.sock = sock
        self.raw = bytearray()  # the first RAW_CAP bytes received, line breaks and all
        self.sock.settimeout(limits.EXPECT_TIMEOUT)
        # Our lines go out at once. Scenarios never send two lines in a row before the
        # first was delivered, so a server that takes each recv() for one message (the
        # lecture's) still gets them one at a time.
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
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

    def _read(self):
        while True:
            self._ack_at_once()
            try:
                data = self.sock.recv(65536)
            except socket.timeout:
                continue
            except OSError:
                data = b""
            if not data:
                self.log("eof")
                self.stream.end()
                return
            self.log("recv", data.decode(protocol.ENCODING, "replace"))
            if len(self.raw) < RAW_CAP:
                self.raw += data[:RAW_CAP - len(self.raw)]
            self.stream.feed(data)

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

    def say(self, text):
        """Send one line of the protocol."""
        self.send_bytes(protocol.encode_line(text))

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

    @property
    def address(self):
        return self.sock.getsockname()

    def _read(self):
        while not self._stop.is_set():
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

    def say(self, text, to=None):
        """Send one datagram."""
        to = to or self.remote
        data = text.encode(protocol.ENCODING)
        self.log("send", text)
        try:
            self.sock.sendto(data, to)
        except OSError as error:
            raise Failure(say("chat.send_failed", self.scenario.lang, name=self.name, error=error.strerror or error))

    def close(self):
        if self._stop.is_set():
            return
        self._stop.set()
        # Not joined: the reader notices the flag (or the closed socket) within its 0.1 s
        # poll, and waiting for it would only slow every UDP check's teardown.
        self.sock.close()
