"""The load driver: N users on raw non-blocking sockets, one reader thread for all of them
(a selector), one sender thread, and for churn one more that keeps joining and leaving.

Every message carries a unique ASCII token (see plan.message), so each delivery is counted
once per receiver (tally.Tally). Every wait is bounded.
"""
import select
import selectors
import socket
import threading
import time

from chatkit import protocol
from chatkit.ports import LOOPBACK
from grader.chat.handshake import CLOSED, PROMPT_BYTES, read_until
from grader.messages import say
from grader.tools.bench.plan import (CHURN_MAX, JOIN_SECONDS, RECV_BYTES, DRAIN_BYTES, SYNC_PROBE_EVERY, SYNC_SECONDS,
                                     UDP_RCVBUF, WAKE_EVERY, Ending, message)
from grader.tools.bench.tally import Tally


class JoinError(Exception):
    """A user could not complete the handshake; the message says why, in the report's language."""


def bench_handshake(sock, name, seconds):
    """The handshake as any chat that passes the default checks does it: the prompt (its
    words), the name as a line, then a welcome that names the user. The kit's exact welcome
    is not waited for: the lecture's server greets "Добро пожаловать, u0\n!" (the name as
    recv() gave it, newline and all), and a load test measures relaying, not wording."""
    received = bytearray()
    deadline = time.monotonic() + seconds
    why = read_until(sock, PROMPT_BYTES, deadline, received)
    if why:
        return [("prompt", why)]
    sock.sendall(protocol.encode_line(name))
    del received[:]
    why = read_until(sock, name.encode(protocol.ENCODING), deadline, received)
    return [("welcome", why)] if why else []


def join_tcp(port, name, lang, seconds=JOIN_SECONDS):
    """Connect and go through the protocol's handshake (grader.chat.handshake); return the socket."""
    try:
        sock = socket.create_connection((LOOPBACK, port), timeout=seconds)
    except OSError as error:
        raise JoinError(say("bench.join_failed", lang, name=name,
                            why=say("bench.refused", lang, error=error.strerror or error))) from None
    try:
        # The driver's lines go out at once: Nagle's wait for an ACK would be the driver's
        # delay, not the server's.
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        failed = bench_handshake(sock, name, seconds)
    except OSError:
        failed = [(None, CLOSED)]
    if failed:
        sock.close()
        step, why = failed[0]
        reason = (say("bench.closed_early", lang) if why == CLOSED else
                  say("bench.no_prompt", lang, s=seconds) if step == "prompt" else say("bench.no_welcome", lang, s=seconds))
        raise JoinError(say("bench.join_failed", lang, name=name, why=reason))
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
                raise JoinError(say("bench.join_failed", lang, name=name, why=say("bench.no_welcome", lang, s=seconds)))
            sock.settimeout(left)
            try:
                data, _ = sock.recvfrom(65536)
            except socket.timeout:
                continue
            if wanted in data:
                break
    except OSError as error:
        sock.close()
        raise JoinError(say("bench.join_failed", lang, name=name,
                             why=say("bench.refused", lang, error=error.strerror or error))) from None
    except JoinError:
        sock.close()
        raise
    sock.setblocking(False)
    return sock


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
        self.woken = 0.0             # when the reader last woke the waiters
        self.waiting_round = None    # the round the sender waits to see complete (its window)

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
                        chunk = key.fileobj.recv(RECV_BYTES)  # type: ignore[union-attr]  # registered sockets only
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
            if probe or (self.tally.delivered != delivered_before and self._worth_waking()):
                with self.changed:
                    self.changed.notify_all()

    def _worth_waking(self):
        """Wake the waiters only when what they wait for may have happened, or every WAKE_EVERY.

        Every wake-up of the monitor (and its progress bar) is GIL time taken from this
        reader in the middle of the measurement: woken on every chunk, the driver, not the
        server, set the rate of a short burst."""
        now = time.monotonic()
        seq = self.waiting_round
        if (self.tally.delivered >= self.plan.expected or now - self.woken >= WAKE_EVERY
                or (seq is not None and self.tally.per_round[seq] >= self.plan.talkers * (self.plan.talkers - 1))):
            self.woken = now
            return True
        return False

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
        # The clock starts at the first send, not before this thread was started: a thread's
        # start-up is the driver's time, and a 10 x 20 burst lasts only milliseconds.
        self.t0_ns = time.perf_counter_ns()
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
        self.waiting_round = seq
        with self.changed:
            while (self.tally.per_round[seq] < whole and not self.closed and not self.dead
                   and not self.stop.is_set()):
                self.changed.wait(0.05)
        self.waiting_round = None

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
                ending = Ending.COMPLETE
                break
            gone = self.closed | self.dead
            if self.plan.transport == "tcp" and len(gone) >= self.plan.talkers - 1:
                ending = Ending.CLOSED  # nobody is left to talk to
                break
            if self.plan.transport == "tcp" and gone and self.sent_all.is_set() and self.survivors_complete():
                ending = Ending.SURVIVORS
                break
            if now - last_change > self.settings.idle:
                ending = Ending.QUIET if self.plan.transport == "udp" else Ending.STALLED
                break
            if now > hard_deadline:
                ending = Ending.TIMEOUT
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
