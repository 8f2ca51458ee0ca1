"""The protocol's TCP handshake on a socket that nobody else reads, written once.

A simulated user of grader/chat/scenarios.py joins through Chat.join(), whose reader
thread feeds a Stream and which remembers, across the checks of one run, which steps a
server skips. A user who must not have a reader thread (the strict tier's user who never
reads, the churn's passers-by, the load benchmark's users on non-blocking sockets) joins
with handshake() instead: the same steps, read synchronously, in the protocol's own words
(chatkit.protocol).
"""
import socket
import time

from chatkit import protocol

# How a step can fail, besides the socket failing (which raises OSError).
TIMED_OUT, CLOSED = "timed out", "closed"

GIVE_UP_EVERY = 0.05   # how often a read asks give_up() whether to go on waiting
PROMPT_BYTES = protocol.PROMPT.strip().encode(protocol.ENCODING)   # some servers strip its trailing space


def welcome_bytes(name):
    return protocol.welcome(name).encode(protocol.ENCODING)


def read_until(sock, wanted, deadline, received, on_data=None, give_up=None):
    """Read `sock` into `received` until the bytes `wanted` are in it.

    Returns None when they are, TIMED_OUT when `deadline` (time.monotonic()) passed first,
    or give_up() said they can no longer come (grader/chat/settling.py: what had arrived
    by then is read first), CLOSED when the other side closed the connection;
    `on_data(chunk)` sees every chunk.
    """
    before = sock.gettimeout()
    try:
        return _read_until(sock, wanted, deadline, received, on_data, give_up)
    finally:
        sock.settimeout(before)


def _read_until(sock, wanted, deadline, received, on_data, give_up):
    hopeless = False
    while wanted not in received:
        left = deadline - time.monotonic()
        if left <= 0 and not hopeless:
            return TIMED_OUT
        if give_up is not None and not hopeless:
            hopeless = give_up()
        sock.settimeout(0 if hopeless else min(left, GIVE_UP_EVERY) if give_up is not None else left)
        try:
            chunk = sock.recv(65536)
        except (socket.timeout, BlockingIOError):
            if hopeless:
                return TIMED_OUT
            continue
        if not chunk:
            return CLOSED
        received += chunk
        if on_data is not None:
            on_data(chunk)
    return None


def handshake(sock, name, timeout, wait_prompt=True, on_data=None, send=None, keep_going=False, give_up=None):
    """Join the chat as `name` on a connected TCP socket: wait for the name prompt, send the
    name, wait for the welcome.

    Returns the steps that did not complete, as [(step, why)] with step "prompt" or
    "welcome" and why TIMED_OUT or CLOSED: [] when the welcome arrived. By default the
    whole handshake has `timeout` seconds, the first failed step ends it, and a failing
    socket raises OSError. keep_going=True is for a user the checks judge afterwards:
    every step is tried and has `timeout` seconds of its own, and a read that fails
    counts as TIMED_OUT. wait_prompt=False sends the name at once, as a quick client may.
    `on_data(chunk)` sees what arrives; `send(data)` sends (default sock.sendall);
    `give_up()` says when a step can no longer complete (read_until).
    """
    received = bytearray()
    failed = []
    deadline = time.monotonic() + timeout

    def step(label, wanted):
        until = time.monotonic() + timeout if keep_going else deadline
        try:
            why = read_until(sock, wanted, until, received, on_data, give_up)
        except OSError:
            if not keep_going:
                raise
            why = TIMED_OUT
        if why:
            failed.append((label, why))
        return not why or keep_going

    if wait_prompt and not step("prompt", PROMPT_BYTES):
        return failed
    (send or sock.sendall)(protocol.encode_line(name))
    step("welcome", welcome_bytes(name))
    return failed
