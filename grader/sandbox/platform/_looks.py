"""The grader's end of the witness (grader/sandbox/witness.py): where no kernel tells which
call a thread sleeps in (Windows, macOS; Linux as CHATKIT_PLATFORM=portable), the student's
process says it, on request, and this module asks.

Each grading process listens once on a loopback port of its own; each child gets the port
and a token of its own (child_args(): "LOOK=port:token" for the harness), connects before
any student code runs and says "token pid". An unknown token, nothing said within
HELLO_SECONDS, or a pid that is not a descendant of this process holding the connection
itself (another process may read the token in the child's command line), and the
connection is closed. A look sends one byte and reads one line
within REPLY_SECONDS; no answer, a malformed one, or "busy" is no evidence.

waiting_for_input() gives a fingerprint when every descendant of this process answered
"rest", each quiet for limits.PORTABLE_QUIET seconds at least (nothing it sent can still
be on its way; on a machine so loaded that an answer is slow, LOAD_FACTOR times that), and
None otherwise: a descendant without a witness (a process the student's
code started, say) means no early end. What a witness answers decides nothing but how soon
a wait for something that has not come ends (grader/chat/settling.py), so the student's code,
which shares its process, can only make its own waits shorter.
"""
import secrets
import socket
import threading
import time

import psutil

from grader.engine import limits
from grader.sandbox.platform._common import _connections

HELLO_SECONDS = 1.0
REPLY_SECONDS = 0.25
LINE_BYTES = 128
HELLOS_AT_ONCE = 16   # connections whose hello is awaited at a time; beyond, a new one is closed
TOKENS_KEPT = 256   # tokens of children that never connected are forgotten past this many
LOAD_FACTOR = 20   # quiet_enough(): so many times the time an answer took, if that is longer
NOT_OURS = {"conhost.exe"}   # Windows' console host for a console process: no student code


class Looks:
    """The listening port, the tokens handed out, and one connection per child pid."""

    def __init__(self):
        self._lock = threading.Lock()
        self._server = None
        self._tokens: dict = {}        # tokens handed out and not yet used, oldest first
        self._children: dict = {}     # pid -> (socket, its lock)
        self.young = None             # rest_in()
        self._hellos = threading.BoundedSemaphore(HELLOS_AT_ONCE)

    def _listen(self):
        with self._lock:
            if self._server is None:
                server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
                server.bind(("127.0.0.1", 0))
                server.listen(16)
                self._server = server
                threading.Thread(target=self._accept, args=(server,), name="looks", daemon=True).start()
            return self._server.getsockname()[1]

    def child_args(self):
        """The harness's argument that starts a witness in the child about to be spawned."""
        port = self._listen()
        token = secrets.token_hex(16)
        with self._lock:
            self._tokens[token] = None
            while len(self._tokens) > TOKENS_KEPT:   # children that never said hello
                del self._tokens[next(iter(self._tokens))]
        return [f"LOOK={port}:{token}"]

    def _accept(self, server):
        while True:
            try:
                conn, _ = server.accept()
            except OSError:
                return
            # Each hello is read on a thread of its own, at most HELLOS_AT_ONCE at a time: a
            # connection that says nothing (a flood from the student's code) holds one for
            # HELLO_SECONDS, never the accept loop, so the next child's witness is not kept
            # waiting in connect() before the student's code may start.
            if not self._hellos.acquire(blocking=False):
                conn.close()
                continue
            threading.Thread(target=self._greet, args=(conn,), name="looks-hello", daemon=True).start()

    def _greet(self, conn):
        try:
            self._hello(conn)
        except (OSError, ValueError, psutil.Error):
            conn.close()
        finally:
            self._hellos.release()

    def _hello(self, conn):
        conn.settimeout(HELLO_SECONDS)
        line = _line(conn)
        token, pid = line.split()
        pid = int(pid)
        with self._lock:
            if token not in self._tokens:
                raise ValueError("unknown token")
        # The token is in the child's command line, which other processes may read: the hello
        # counts only from a process this one started that holds the connection itself, so
        # no other process answers for a child of ours, nor uses up the token meant for it.
        if not _owns(pid, conn):
            raise ValueError("not the process it names")
        with self._lock:
            if token not in self._tokens:
                raise ValueError("unknown token")
            del self._tokens[token]
            gone = [known for known in self._children if known == pid or not psutil.pid_exists(known)]
            closing = [self._children.pop(known)[0] for known in gone]   # a batch starts thousands
            self._children[pid] = (conn, threading.Lock())
        for old in closing:
            old.close()

    def connected(self, pid):
        """Has the witness in process `pid` said hello (and not gone since)?"""
        with self._lock:
            return pid in self._children

    def look(self, pid):
        """(seq, age, seconds the answer took) from the witness in process `pid` when it
        rests, else None."""
        with self._lock:
            entry = self._children.get(pid)
        if entry is None:
            return None
        conn, lock = entry
        if not lock.acquire(blocking=False):
            return None   # another look at it is under way
        try:
            _discard_pending(conn)
            conn.settimeout(REPLY_SECONDS)
            asked = time.monotonic()
            conn.sendall(b"?")
            words = _line(conn).split()
            took = time.monotonic() - asked
        except (OSError, ValueError):
            self._forget(pid, conn)
            return None
        finally:
            lock.release()
        if len(words) != 4 or words[0] != "rest":
            return None
        try:
            return int(words[1]), float(words[2]), took
        except ValueError:
            return None

    def _forget(self, pid, conn):
        with self._lock:
            if self._children.get(pid, (None,))[0] is conn:
                del self._children[pid]
        conn.close()

    def waiting_for_input(self):
        """A fingerprint ((pid, seq), ...) when every descendant rests and has for
        PORTABLE_QUIET seconds; None otherwise."""
        try:
            kids = [kid for kid in psutil.Process().children(recursive=True) if _ours(kid)]
        except psutil.Error:
            return None
        if not kids:
            return None
        found, young = [], 0.0
        self.young = None
        for kid in kids:
            answer = self.look(kid.pid)
            if answer is None:
                return None
            young = max(young, quiet_enough(answer[2]) - answer[1])
            found.append((kid.pid, answer[0]))
        if young > 0:
            self.young = young   # every child rests, one not long enough yet: rest_in()
            return None
        return tuple(sorted(found))

    def rest_in(self):
        """After waiting_for_input() said None only because a resting child had not been
        quiet long enough: how many seconds until it will have been; else None."""
        return self.young


def quiet_enough(took):
    """How long a witness must have seen nothing change: PORTABLE_QUIET, longer on a machine so
    busy that a look's answer took long (a thread woken by input may wait that long to run)."""
    return max(limits.PORTABLE_QUIET, LOAD_FACTOR * took)


def _owns(pid, conn):
    """Is `pid` a descendant of this process, holding the other end of `conn`?"""
    if pid not in {kid.pid for kid in psutil.Process().children(recursive=True)}:
        return False
    theirs, ours = conn.getpeername()[:2], conn.getsockname()[:2]
    return any(tuple(held.laddr[:2]) == theirs and tuple(held.raddr[:2]) == ours
               for held in _connections(psutil.Process(pid), "tcp4") if held.raddr)


def _ours(process):
    try:
        return process.name().lower() not in NOT_OURS
    except psutil.Error:
        return True


def _line(conn):
    """One line (without its end) of at most LINE_BYTES, read within the socket's timeout, and
    nothing after it: what the student's code writes right behind the hello is not the hello
    (it is dropped before the next look, _discard_pending)."""
    data = b""
    deadline = time.monotonic() + (conn.gettimeout() or REPLY_SECONDS)
    while not data.endswith(b"\n"):
        if len(data) > LINE_BYTES or time.monotonic() > deadline:
            raise ValueError("no line")
        queued = conn.recv(LINE_BYTES, socket.MSG_PEEK)
        if not queued:
            raise ValueError("closed")
        end = queued.find(b"\n")
        data += conn.recv(end + 1 if end >= 0 else len(queued))   # bytes already queued: all of them
    return data.decode("ascii").strip()


def _discard_pending(conn):
    """Whatever arrived unasked (the student's code may write to the connection) is dropped."""
    conn.setblocking(False)
    try:
        for _ in range(64):
            if not conn.recv(4096):
                raise OSError("closed")
    except BlockingIOError:
        pass
    finally:
        conn.setblocking(True)


LOOKS = Looks()
child_args = LOOKS.child_args
waiting_for_input = LOOKS.waiting_for_input
rest_in = LOOKS.rest_in


def connections_at_rest(ports):
    """Nothing on its way, as far as a platform without socket tables can tell: the witness
    found nothing ready on what the student's threads wait on, both sides have been quiet for
    PORTABLE_QUIET seconds (waiting_for_input, grader/chat/settling.py), and each of the
    grader's readers sleeps with nothing queued (Peer.delivered). The ports are not read."""
    return True


def datagrams_at_rest():
    """UDP, likewise: what the student's sockets hold the witness sees, what the grader's
    hold its readers see, and PORTABLE_QUIET covers what is between them."""
    return True
