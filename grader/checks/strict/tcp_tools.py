"""What the strict tier's TCP checks share: a user who never reads, exact-bytes matching,
floods, resets, and the verdict on a client that does not exit.

Every tuned number of the strict TCP checks is here, with the reason for its value.
"""
import socket
import struct
import time

from chatkit import protocol
from chatkit.protocol import chat_line, encode_line
from grader.engine import limits
from grader.chat.handshake import CLOSED, handshake
from grader.messages import say
from grader.chat.peers import Peer
from grader.chat.transcript import Failure, show, target
from grader.sandbox.platform import cpu_seconds

PIECE_PAUSE = 0.2             # between the pieces of one message: long enough to be separate segments
STALL_LIMIT = 2.0             # the others' messages must keep arriving within this while one user is stuck
FLOOD_BYTES = 8 * 1024 ** 2   # more than the kernel buffers for one socket (Linux: tcp_wmem, 4 MiB)
FLOOD_ROUND = 512 * 1024      # each round of the flood must reach the other user within STALL_LIMIT
STALL_PROBE = 0.5             # a broadcast that delivers nothing at all for this long is stuck
RESET_FLOOD_BYTES = limits.STREAM_CAP - 512 * 1024   # the others' streams must still hold the notices after it
TINY_RCVBUF = 4096            # a non-reading user's receive buffer: the server's sends to it fill fast
CHURN_THREADS = 3             # threads that keep joining and leaving during the churn check
CHURN_ROUNDS = 60             # message round trips between the two steady users meanwhile
CHURN_MAX_VISITS = 400        # one churn thread never joins more often than this
CROWD = 50                    # users in the crowd check
EXIT_LIMIT = limits.EXPECT_TIMEOUT   # a client must have exited this long after its cue
EXIT_POLL = 0.05              # how often a wait for the exit looks whether it can still come
SPIN_SHARE = 0.5              # a waiting process that used this share of a CPU is spinning...
SPIN_OUTPUT = 64 * 1024       # ...and so is one that printed this much with nothing to print


def handshake_by_hand(chat, name, rcvbuf=None):
    """A user with no reader thread: connect and go through the handshake, reading by hand.

    After this nobody reads the socket any more, which is what a stuck user is.
    """
    scenario = chat.scenario
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    if rcvbuf:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)  # before connect: sets the window
    sock.settimeout(limits.READY_TIMEOUT)
    try:
        sock.connect(chat.address)
    except OSError as error:
        sock.close()
        raise Failure(say("chat.connect_failed", scenario.lang, name=name, error=error.strerror or error))
    user = Peer(name, sock, scenario, read=False)
    user.log("connect")
    chat.users.append(user)

    def arrived(data):
        text = user.stream.decode(data)
        user.log("recv", text)
        user.stream.add(text, len(data))

    # A step that never completes is for the checks to judge: each waits EXPECT_TIMEOUT at most.
    failed = handshake(sock, name, limits.EXPECT_TIMEOUT, on_data=arrived, send=user.send_bytes, keep_going=True,
                       give_up=user.hopeless)
    if any(why == CLOSED for _, why in failed):
        user.stream.end()
    return user


def expect_separate(user, sender, text):
    """Expect chat_line(sender, text); fail at once if `text` came glued to an earlier message."""
    wanted = chat_line(sender, text)

    def glued():
        return target(text) in user.stream.text() and not user.got(wanted)

    if user.stream.wait_for(wanted, limits.EXPECT_TIMEOUT, claim=False,
                            give_up=lambda: user.hopeless() or glued()) or not glued():
        user.expect(wanted, timeout=0)  # passes, or fails with the usual reason (a crash, a timeout)
        return
    user.log("expect-missing", wanted)
    raise Failure(say("strict.glued", user.scenario.lang, name=user.name, text=text, sender=sender))


def ascii_lines(size):
    """About `size` bytes of ~4 KB chat lines, ASCII only.

    A server that relays whatever one recv() returns cuts these lines anywhere; with
    ASCII it never cuts a letter, so such a server fails the bulk checks for what they
    test (a stall, a reset), not for its framing, which other checks test.
    """
    line = encode_line("bulk " + "x" * 3990)
    return line * max(1, size // len(line))


def stalls(user, size):
    """Wait until `user` has received `size` bytes in all (False), or until nothing at all
    arrives for STALL_PROBE seconds (True): the server is stuck, not merely slow."""
    while user.stream.size < size:
        if not user.stream.wait_growth(user.stream.size, STALL_PROBE, give_up=user.hopeless):
            return True
    return False


def mib(size):
    return f"{size / 2 ** 20:.1f}"


def reset(user):
    """Vanish abruptly: SO_LINGER 0 makes close() send RST instead of an orderly FIN."""
    user.log("note", say("strict.reset", user.scenario.lang))
    user.sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    user.sock.close()


def first_mismatch(received, lines, lang):
    """Where the bytes a user received stop being exactly `lines`, each ending in "\\n".

    Returns None when they match, else the sentence that names the first difference.
    """
    def got(text):
        return say("strict.quoted", lang, text=show(text)) if text else say("strict.nothing", lang)

    text = received.decode(protocol.ENCODING, "replace")
    position = 0
    for line in lines:
        whole = line + protocol.NEWLINE
        if text.startswith(whole, position):
            position += len(whole)
            continue
        if text.startswith(line, position):
            after = text[position + len(line):position + len(line) + 10]
            return say("strict.line.no_newline", lang, line=show(line), got=got(after))
        rest = text[position:position + len(whole) + 20]
        return say("strict.line.expected", lang, line=show(whole), got=got(rest))
    if position < len(text):
        return say("strict.line.extra", lang, extra=show(text[position:position + 60]))
    return None


def wait_exit_or_explain(run, cpu_before, output_before, cue, after, waiting):
    """Wait until EXIT_LIMIT after the cue for the client's process to end; if it does not,
    fail saying whether it spins or waits.

    `after` (a catalogue id) completes "did not exit ... after", and `waiting` (another)
    says what most likely keeps it alive.
    """
    client = run.client
    scenario = client.scenario
    lang = scenario.lang
    deadline = cue + EXIT_LIMIT
    settled = False
    while not client.wait_exit(max(0.0, min(EXIT_POLL, deadline - time.monotonic()))):
        settled = scenario.settled()   # it sleeps until input nobody will give: it never exits
        if settled or time.monotonic() >= deadline:
            break
    else:
        scenario.log(run.output.name, "note", say("strict.exit.done", lang))
        return
    # Settled, it uses no more CPU and prints nothing: judged as it would be at the bound.
    waited = EXIT_LIMIT if settled else time.monotonic() - cue
    used = (cpu_seconds(client.proc.pid) or 0.0) - cpu_before
    late = say("strict.exit.late", lang, seconds=EXIT_LIMIT, after=say(after, lang))
    printed = run.output.stream.size - output_before
    if used > SPIN_SHARE * waited or printed > SPIN_OUTPUT:
        raise Failure(say("strict.exit.spins", lang, late=late, waited=waited, used=used, printed=printed))
    raise Failure(f"{late}: {say(waiting, lang)}")
