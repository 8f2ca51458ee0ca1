"""The reference solutions end to end: real servers, real sockets on 127.0.0.1, real clients.

The servers run the way the grader runs a submission (grader.sandbox.Child, on a port the
OS picked); the simulated users are the grader's own (grader.chat.peers, grader.chat.scenarios.Chat);
the clients run as a student runs them, `python -m solutions.tcp_client --port P`, typed
into through a pipe. Wire strings come from chatkit.protocol, never retyped.

Every wait ends at its event (text arriving, a port accepting, a process exiting); the
bounds are generous because these tests must pass on a loaded 2-core machine. The one
place that needs two pieces of a message to reach the server separately waits until the
server has read the first piece (the kernel's queues in /proc/net/tcp), not for a time.
"""
import os
import socket
import struct
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from chatkit import protocol
from chatkit.ports import LOOPBACK, free_port
from chatkit.protocol import PROMPT, QUIT, chat_line, encode_line, joined, left, welcome
from grader.engine import limits
from grader.chat.peers import Actor
from grader.chat.transcript import Scenario, wait_until
from grader.sandbox.child import Child
from grader.chat.scenarios import Chat
from solutions.tcp_client import SERVER_CLOSED
from solutions.tcp_server import STALL_SECONDS

KIT = Path(__file__).resolve().parents[1]
SOLUTIONS = KIT / "solutions"

WAIT = 20.0           # bound on any single event: a line arriving, a port opening, a process ending
CROWD_WAIT = 60.0     # bound on the 100-user room getting every message
TINY_RCVBUF = 4096    # a user who never reads: their receive buffer fills at once
BULK_LINE = "x" * 3990  # ASCII filler for the floods, one ~4 KB line each


# --- fixtures ------------------------------------------------------------------------

@pytest.fixture
def scenario(monkeypatch):
    """A transcript and clock; everything started in it is stopped at the end.

    The grader's own waits (the handshake in Chat.join, a Peer's socket timeout) are tuned
    for grading speed; here they get this file's generous bound instead. Each still ends
    as soon as its event happens.
    """
    for bound in ("READY_TIMEOUT", "EXPECT_TIMEOUT", "SETTLE_TIMEOUT"):
        monkeypatch.setattr(limits, bound, WAIT)
    scenario = Scenario("en")
    yield scenario
    scenario.close()


def start_server(scenario, module, transport):
    """Start a reference server as the grader starts a submission's, and wait until it listens."""
    port = free_port(socket.SOCK_STREAM if transport == "tcp" else socket.SOCK_DGRAM)
    child = Child(scenario, SOLUTIONS, module, port)
    child.wait_ready(transport, timeout=WAIT)
    return Chat(scenario, (LOOPBACK, port), transport, child)


@pytest.fixture
def tcp_server(scenario):
    """solutions/tcp_server.py, listening, with no users yet."""
    return start_server(scenario, "tcp_server.py", "tcp")


@pytest.fixture
def udp_server(scenario):
    """solutions/udp_server.py, bound, with no users yet."""
    return start_server(scenario, "udp_server.py", "udp")


class ClientProcess:
    """A reference client run by hand: stdin a pipe to type into, stdout read as a stream."""

    def __init__(self, scenario, module, port):
        env = dict(os.environ, PYTHONIOENCODING=protocol.ENCODING)
        self.proc = subprocess.Popen(
            [sys.executable, "-u", "-m", f"solutions.{module}", "--host", LOOPBACK, "--port", str(port)],
            cwd=KIT, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        scenario.cleanups.append(self.stop)
        self.output = Actor(module, scenario)
        self.errors = bytearray()
        self.drains = [threading.Thread(target=self._drain, args=(self.proc.stdout, self.output.stream.feed),
                                        name=f"{module}-stdout", daemon=True),
                       threading.Thread(target=self._drain, args=(self.proc.stderr, self.errors.extend),
                                        name=f"{module}-stderr", daemon=True)]
        for drain in self.drains:
            drain.start()

    @staticmethod
    def _drain(pipe, sink):
        try:
            while data := pipe.read1(65536):
                sink(data)
        except (OSError, ValueError):
            pass  # the pipe was closed under us: the process is gone

    def type(self, line):
        self.proc.stdin.write(encode_line(line))
        self.proc.stdin.flush()

    def end_input(self):
        self.proc.stdin.close()

    def expect(self, text):
        """Wait until the client has printed `text` (line breaks ignored)."""
        assert self.output.stream.wait_for(text, WAIT), \
            f"the client did not print {text!r} within {WAIT:g} s; printed: {self.output.stream.text()!r}"

    def assert_exits_cleanly(self):
        """The process ends by itself, with status 0 and nothing alarming on stderr."""
        try:
            code = self.proc.wait(WAIT)
        except subprocess.TimeoutExpired:
            pytest.fail(f"the client still runs {WAIT:g} s after its cue; printed: {self.output.stream.text()!r}")
        for drain in self.drains:
            drain.join(WAIT)
        errors = self.errors.decode(protocol.ENCODING, "replace")
        assert code == 0, errors
        assert "Traceback" not in errors and "Fatal Python error" not in errors, errors

    def stop(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(WAIT)
        for drain in self.drains:
            drain.join(WAIT)
        for pipe in (self.proc.stdin, self.proc.stdout, self.proc.stderr):
            try:
                pipe.close()
            except OSError:
                pass


# --- helpers -------------------------------------------------------------------------

def raw_user(chat, name, rcvbuf=None):
    """A user without a reader thread: connect, read up to the welcome, then read no more."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    chat.scenario.cleanups.append(sock.close)
    if rcvbuf:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)  # before connect: sets the window
    sock.settimeout(WAIT)
    sock.connect(chat.address)
    received = b""
    wanted = encode_line(welcome(name))
    sock.sendall(encode_line(name))
    while wanted not in received:
        chunk = sock.recv(4096)
        assert chunk, f"the server closed {name}'s connection during the handshake: {received!r}"
        received += chunk
    assert received.startswith(encode_line(PROMPT) + wanted), received
    return sock


def handshake(chat, typed, given):
    """A new user types `typed` as the name; the server must welcome them as `given`.

    (Chat.join assumes the name is given as typed, and makes sure every user who joined
    before sees the newcomer, those who have left included; this is for the other cases.)
    """
    user = chat.user(f"typed {typed!r}")
    user.expect(PROMPT, WAIT)
    user.say(typed)
    user.expect(welcome(given), WAIT)
    return user


def no_delay(user):
    """Send every send() at once as its own segment (no Nagle): the test decides the framing."""
    user.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return user


ESTABLISHED = "01"  # a connection's state in /proc/net/tcp


def tcp_queues(local_port, remote_port):
    """(bytes sent but not acknowledged, bytes received but not read) of one established
    IPv4 TCP connection, from /proc/net/tcp; None if there is no such connection."""
    with open("/proc/net/tcp") as table:
        next(table)
        for line in table:
            fields = line.split()
            local, remote = int(fields[1].split(":")[1], 16), int(fields[2].split(":")[1], 16)
            if (local, remote) == (local_port, remote_port) and fields[3] == ESTABLISHED:
                tx, rx = fields[4].split(":")
                return int(tx, 16), int(rx, 16)
    return None


def server_has_read(user):
    """Wait until the server has read (recv) everything `user` sent so far, so the next
    send reaches it in another recv(). Without /proc/net/tcp, a pause has to do."""
    if not os.path.exists("/proc/net/tcp"):
        time.sleep(0.3)
        return
    mine, servers = user.sock.getsockname()[1], user.sock.getpeername()[1]

    def read():
        ours, theirs = tcp_queues(mine, servers), tcp_queues(servers, mine)
        # Acknowledged means it is in the server's receive queue; empty queue means read.
        return ours is not None and theirs is not None and ours[0] == 0 and theirs[1] == 0

    assert wait_until(read, WAIT, interval=0.001), "the server did not read what was sent"


def send_in_pieces(user, data, cuts):
    """Send `data` cut at the byte offsets `cuts`, each piece read by the server on its own."""
    bounds = [0, *cuts, len(data)]
    for start, end in zip(bounds, bounds[1:]):
        user.send_bytes(data[start:end], note=f"bytes {start}..{end}")
        if end < len(data):
            server_has_read(user)


def assert_bytes_arrived(user, data):
    """`data`, exactly, is among the first bytes the user received (grader.chat.peers.RAW_CAP)."""
    assert wait_until(lambda: data in bytes(user.raw), WAIT), (data, bytes(user.raw)[-len(data) - 200:])


def flood(user, total):
    """Send about `total` bytes of numbered ~4 KB lines; return how many lines."""
    lines = [encode_line(f"{n:05d} {BULK_LINE}") for n in range(max(1, total // (len(BULK_LINE) + 7)))]
    for start in range(0, len(lines), 64):  # ~256 KB per sendall: its timeout bounds each piece
        user.send_bytes(b"".join(lines[start:start + 64]), note=f"lines {start}..")
    return len(lines)


def reset(sock):
    """Vanish without a goodbye: SO_LINGER 0 makes close() send a RST instead of a FIN."""
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    sock.close()


def assert_server_healthy(chat):
    child = chat.process
    assert not child.exited(), child.describe_exit("en")
    assert "Traceback" not in child.stderr.text(), child.stderr.text()


# --- TCP server ----------------------------------------------------------------------

def test_tcp_users_join_hear_everyone_else_but_not_themselves_and_leave(tcp_server):
    anya, borya, vika = tcp_server.join("Аня", "Боря", "Вика")
    assert_bytes_arrived(anya, encode_line(PROMPT) + encode_line(welcome("Аня")))
    anya.expect(joined("Боря"), WAIT)
    anya.expect(joined("Вика"), WAIT)
    borya.expect(joined("Вика"), WAIT)

    anya.say("Всем привет!")
    borya.expect(chat_line("Аня", "Всем привет!"), WAIT)
    vika.expect(chat_line("Аня", "Всем привет!"), WAIT)
    vika.say("И тебе")
    anya.expect(chat_line("Вика", "И тебе"), WAIT)
    borya.expect(chat_line("Вика", "И тебе"), WAIT)
    borya.say("Привет")
    anya.expect(chat_line("Боря", "Привет"), WAIT)
    vika.expect(chat_line("Боря", "Привет"), WAIT)
    # The server relays in one order to everyone: an echo of a user's own line would have
    # reached them before the next line did.
    assert anya.stream.count(chat_line("Аня", "Всем привет!")) == 0
    assert vika.stream.count(chat_line("Вика", "И тебе")) == 0

    vika.close()                                   # a plain disconnect
    anya.expect(left("Вика"), WAIT)
    borya.expect(left("Вика"), WAIT)
    borya.say(QUIT)                                # a goodbye: the server closes the connection
    anya.expect(left("Боря"), WAIT)
    assert wait_until(lambda: borya.stream.ended, WAIT), "after /quit the server kept Боря's connection open"

    again = handshake(tcp_server, "Вика", "Вика")  # the server forgot her: the name is free again
    anya.expect(joined("Вика"), WAIT)
    again.say("Я вернулась")
    anya.expect(chat_line("Вика", "Я вернулась"), WAIT)
    assert_server_healthy(tcp_server)


def test_tcp_a_user_who_leaves_before_a_name_is_announced_to_nobody_and_spaces_are_empty(tcp_server):
    anya, borya = tcp_server.join("Аня", "Боря")
    quitter = tcp_server.user("quitter")
    quitter.expect(PROMPT, WAIT)
    quitter.say(QUIT)                              # a first line /quit: leaving, not a name
    assert wait_until(lambda: quitter.stream.ended, WAIT), "after a first-line /quit the connection stayed open"
    silent = tcp_server.user("silent")
    silent.expect(PROMPT, WAIT)
    silent.close()                                 # gone before giving a name
    borya.say("   ")                               # spaces only: an empty message
    borya.say("после пробелов")
    anya.expect(chat_line("Боря", "после пробелов"), WAIT)
    # The server handles one user's lines in order, and the two goodbyes came before:
    # no notice of them, and no line of spaces, can still be on its way.
    text = anya.stream.text()
    assert chat_line("Боря", "   ") not in text, text
    assert joined(QUIT) not in text and left(QUIT) not in text and "покинул" not in text, text


def test_the_reference_keeps_the_skeletons_shape():
    """solutions/ is lab/ filled in: the same functions, the same docstrings."""
    import ast

    for module in ("tcp_server.py", "tcp_client.py", "udp_server.py", "udp_client.py"):
        def functions(folder):
            tree = ast.parse((KIT / folder / module).read_text(encoding="utf-8"))
            return {node.name: ast.get_docstring(node) for node in tree.body if isinstance(node, ast.FunctionDef)}

        skeleton, reference = functions("lab"), functions("solutions")
        for name, docstring in skeleton.items():
            assert reference.get(name) == docstring, (module, name)


def test_tcp_two_messages_in_one_segment_arrive_as_two_lines(tcp_server):
    anya, borya = tcp_server.join("Аня", "Боря")
    no_delay(anya).send_bytes(encode_line("раз") + encode_line("два"))
    assert_bytes_arrived(borya, encode_line(chat_line("Аня", "раз")) + encode_line(chat_line("Аня", "два")))


def test_tcp_a_message_split_across_segments_arrives_whole(tcp_server):
    anya, borya = tcp_server.join("Аня", "Боря")
    data = encode_line("Привет, как дела?")
    send_in_pieces(no_delay(anya), data, cuts=[3, 9])  # 3 and 9 fall inside two-byte letters
    assert_bytes_arrived(borya, encode_line(chat_line("Аня", "Привет, как дела?")))


def test_tcp_a_3000_byte_cyrillic_line_cut_inside_a_letter_at_byte_1024_arrives_whole(tcp_server):
    anya, borya = tcp_server.join("Аня", "Боря")
    text = "x" + "ж" * 1499                         # letters at odd offsets: one spans bytes 1023-1024
    data = encode_line(text)
    assert len(data) == 3000 and data[1023:1025] == "ж".encode()
    send_in_pieces(no_delay(anya), data, cuts=[1024])
    assert_bytes_arrived(borya, encode_line(chat_line("Аня", text)))
    borya.say("Дошло целиком.")
    anya.expect(chat_line("Боря", "Дошло целиком."), WAIT)


def test_tcp_names_are_stripped_defaulted_and_numbered_and_long_lines_cut_on_a_letter(tcp_server):
    anya = tcp_server.join("Аня")
    for typed, given in [("  Боря \t", "Боря"), ("", protocol.DEFAULT_NAME), ("   ", protocol.DEFAULT_NAME + "2"),
                         ("Аня", "Аня2"), (" Аня ", "Аня3")]:
        handshake(tcp_server, typed, given)
        anya.expect(joined(given), WAIT)

    vika = tcp_server.join("Вика")
    assert protocol.MAX_MESSAGE_BYTES == 4096
    long_text = "x" + "ж" * 2500                    # a letter spans bytes 4095-4096, where the cut falls
    anya.send_bytes(encode_line(long_text) + encode_line("после"))
    kept = "x" + "ж" * 2047                         # 4095 bytes: the whole letters before the cut
    assert len(kept.encode()) == protocol.MAX_MESSAGE_BYTES - 1
    assert_bytes_arrived(vika, encode_line(chat_line("Аня", kept)) + encode_line(chat_line("Аня", "после")))


def test_tcp_a_user_who_never_reads_neither_stops_the_others_nor_stays_for_ever(tcp_server):
    anya = tcp_server.join("Аня")
    stuck = raw_user(tcp_server, "Молчун", rcvbuf=TINY_RCVBUF)
    anya.expect(joined("Молчун"), WAIT)
    borya = tcp_server.join("Боря")
    # Several MB each way: more than the kernel buffers for Молчун (tcp_wmem's max is 4 MiB
    # on Linux), and less than a Stream keeps (limits.STREAM_CAP), so every line is counted.
    size = 3 * 2**20 + 2**19
    assert size < limits.STREAM_CAP - 2**18
    sent_by = {}
    talk = threading.Thread(target=lambda: sent_by.setdefault("Боря", flood(borya, size)), daemon=True)
    talk.start()
    sent_by["Аня"] = flood(anya, size)
    talk.join(CROWD_WAIT)
    assert "Боря" in sent_by, "Боря could not send his part"
    anya.say("конец")
    borya.say("конец")
    borya.expect(chat_line("Аня", "конец"), CROWD_WAIT)
    anya.expect(chat_line("Боря", "конец"), CROWD_WAIT)
    # Every line arrived, once: the lines are in order on one connection, so the count says it.
    assert borya.stream.count(chat_line("Аня", "")) == sent_by["Аня"] + 1
    assert anya.stream.count(chat_line("Боря", "")) == sent_by["Боря"] + 1
    assert not anya.stream.ended and not borya.stream.ended

    # Молчун has not read for a while now; the next message that finds his backlog stalled
    # for longer than STALL_SECONDS drops him. Keep chatting until the others see him go.
    deadline = time.monotonic() + STALL_SECONDS + WAIT
    number = 0
    while not anya.got(left("Молчун")) and time.monotonic() < deadline:
        number += 1
        borya.say(f"ты тут? {number}")
        anya.expect(chat_line("Боря", f"ты тут? {number}"), WAIT)
        anya.stream.wait_for(left("Молчун"), 0.5, claim=False)
    anya.expect(left("Молчун"), 0)
    borya.expect(left("Молчун"), WAIT)
    stuck.close()
    assert_server_healthy(tcp_server)


def test_tcp_an_abrupt_disconnect_during_a_broadcast_is_survived_and_announced(tcp_server):
    anya = tcp_server.join("Аня")
    vika = raw_user(tcp_server, "Вика", rcvbuf=TINY_RCVBUF)   # never reads
    anya.expect(joined("Вика"), WAIT)
    # More than the kernel buffers for Вика: the server is still sending to her (its writer
    # waits in sendall) when her connection is reset.
    flood(anya, 6 * 2**20)
    server_port, vika_port = vika.getpeername()[1], vika.getsockname()[1]
    if os.path.exists("/proc/net/tcp"):
        # The server's kernel holds bytes for Вика: the reset lands mid-send. The flood may
        # still sit in the kernel's buffers on a busy machine, so wait for the server's writer.
        def sending():
            queues = tcp_queues(server_port, vika_port)
            return queues is not None and queues[0] > 0

        assert wait_until(sending, WAIT, interval=0.001), "the server never started sending to Вика"
    reset(vika)
    anya.say("Вика, ты тут?")                     # the next broadcast meets the reset connection
    anya.expect(left("Вика"), WAIT)
    borya = tcp_server.join("Боря")               # the server still serves, newcomers included
    borya.say("Вика пропала?")
    anya.expect(chat_line("Боря", "Вика пропала?"), WAIT)
    assert_server_healthy(tcp_server)


def test_tcp_100_users_at_once_lose_and_duplicate_no_message(tcp_server):
    names = [f"u{n:03d}" for n in range(100)]
    users = tcp_server.join(*names)
    messages = [(name, f"<{name} {k}>") for name in names for k in range(2)]  # unique tokens

    def send(group):
        for user in group:
            for k in range(2):
                user.say(f"<{user.name} {k}>")

    senders = [threading.Thread(target=send, args=(users[i::4],), daemon=True) for i in range(4)]
    for thread in senders:
        thread.start()
    for thread in senders:
        thread.join(CROWD_WAIT)
    expected = 2 * (len(users) - 1)  # every message of every other user
    wait_until(lambda: all(user.stream.text().count(": <") >= expected for user in users),
               CROWD_WAIT, interval=0.05)
    problems = []
    for user in users:
        for sender, token in messages:
            have = user.stream.count(chat_line(sender, token))
            if have != (0 if sender == user.name else 1):
                problems.append(f"{user.name} got {token} {have} times")
    assert not problems, problems[:10]
    assert_server_healthy(tcp_server)


# --- UDP server ----------------------------------------------------------------------

def test_udp_users_join_hear_everyone_else_and_quit(udp_server):
    anya, borya, vika = udp_server.join("Аня", "Боря", "Вика")
    anya.expect(welcome("Аня"), WAIT)
    anya.expect(joined("Боря"), WAIT)
    anya.expect(joined("Вика"), WAIT)
    borya.expect(joined("Вика"), WAIT)

    long_text = "x" + "ж" * 1499                  # 3,000 bytes with a letter across byte 1024
    anya.say(long_text)
    borya.expect(chat_line("Аня", long_text), WAIT)
    vika.expect(chat_line("Аня", long_text), WAIT)
    vika.say("И тебе")
    anya.expect(chat_line("Вика", "И тебе"), WAIT)
    borya.expect(chat_line("Вика", "И тебе"), WAIT)
    assert anya.stream.count(chat_line("Аня", long_text)) == 0   # no echo: it would have come first

    vika.say(QUIT)
    anya.expect(left("Вика"), WAIT)
    borya.expect(left("Вика"), WAIT)
    anya.say("Она ушла")
    borya.expect(chat_line("Аня", "Она ушла"), WAIT)
    vika.refute(chat_line("Аня", "Она ушла"))      # the server forgot her address

    names = [("  Гена ", "Гена"), ("", protocol.DEFAULT_NAME), ("Аня", "Аня2"), ("Вика", "Вика")]
    for typed, given in names:                     # Вика's name is free again
        user = udp_server.user(f"typed {typed!r}")
        user.say(typed)
        user.expect(welcome(given), WAIT)
        anya.expect(joined(given), WAIT)
    assert_server_healthy(udp_server)


# --- the clients against the servers ---------------------------------------------------

@pytest.mark.parametrize("ending", ["end of input", "/quit"])
def test_tcp_client_chats_through_the_server_and_exits_cleanly_when_the_user_is_done(tcp_server, ending):
    anya = tcp_server.join("Аня")
    client = ClientProcess(tcp_server.scenario, "tcp_client", tcp_server.address[1])
    client.expect(PROMPT)
    client.type("Боря")
    client.expect(welcome("Боря"))
    anya.expect(joined("Боря"), WAIT)
    client.type("Привет, Аня!")
    anya.expect(chat_line("Боря", "Привет, Аня!"), WAIT)
    anya.say("Привет, Боря!")
    client.expect(chat_line("Аня", "Привет, Боря!"))
    if ending == "/quit":
        client.type(QUIT)
    else:
        client.end_input()
    anya.expect(left("Боря"), WAIT)
    client.assert_exits_cleanly()
    assert SERVER_CLOSED not in client.output.stream.text()  # the user left: no news to print


def test_tcp_client_exits_cleanly_when_the_server_closes(tcp_server):
    client = ClientProcess(tcp_server.scenario, "tcp_client", tcp_server.address[1])
    client.expect(PROMPT)
    client.type("Боря")
    client.expect(welcome("Боря"))
    tcp_server.process.stop()                     # stdin stays open: the client waits in input()
    tcp_server.scenario.processes.remove(tcp_server.process)  # its end is this test's doing
    client.expect(SERVER_CLOSED)
    client.assert_exits_cleanly()


def test_udp_client_asks_for_the_name_chats_and_sends_quit_at_end_of_input(udp_server):
    anya = udp_server.join("Аня")
    client = ClientProcess(udp_server.scenario, "udp_client", udp_server.address[1])
    client.expect(PROMPT)                         # the client asks; the UDP server never does
    client.type("Боря")
    client.expect(welcome("Боря"))
    anya.expect(joined("Боря"), WAIT)
    client.type("Привет, Аня!")
    anya.expect(chat_line("Боря", "Привет, Аня!"), WAIT)
    anya.say("Привет, Боря!")
    client.expect(chat_line("Аня", "Привет, Боря!"))
    client.end_input()
    anya.expect(left("Боря"), WAIT)               # the client said /quit for the user
    client.assert_exits_cleanly()
