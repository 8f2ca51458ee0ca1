"""Inside the student's process: which threads wait for input, told to the grader on request.

Runs in the child, loaded by the harness before the confinement closes and before any
student code runs; standard library only. Only where the kernel cannot tell the grader what
a thread sleeps in (Windows, macOS; Linux as CHATKIT_PLATFORM=portable): on Linux the grader
reads /proc instead (grader/sandbox/platform/_linux.py waiting_for_input).

The calls that only input ends are wrapped, so the process itself knows which of its threads
sleep in one, and on what:

    socket.socket   recv, recv_into, recvfrom, recvfrom_into, recvmsg, accept   (no timeout)
    select.select   reading only, without a timeout
    stdin           every read of fd 0 (input(), sys.stdin.readline(), iteration)
    threading       Thread.join() and Condition.wait() without a timeout (Event.wait,
                    Queue.get and the launcher's wait for the student's threads go through them),
                    and a Lock() held by another thread, acquired without a timeout (a
                    deadlock: its holder waits for input, or for a lock, too)

A sleep, a timeout, an RLock or a computation is none of these: a thread in one is busy,
and a busy thread means no early end. The grader connects nothing: this module
connects once to the grader's look port (LOOK=port:token, a raw _socket, before launch.py
redirects connections) and answers each request with one line:

    rest SEQ AGE THREADS     every thread of the process waits for input and nothing it
                             waits on is ready (a socket readable, stdin holding a line, a
                             joined thread ended, no waiter woken and not yet
                             running); SEQ counts every entry into and exit from
                             a wait and every thread begun or ended, AGE is the
                             seconds since the newest of these
    busy                     anything else

The student's code shares this process and could forge an answer; an answer can only end
a wait for something that has not come (grader/chat/settling.py), so a forged one costs the
forger, never a classmate. The answering thread is started with _thread, so threading's
enumerate() and active_count() do not show it.
"""
import _socket
import _thread
import functools
import io
import os
import select
import socket
import sys
import threading
import time

RECEIVING = ("recv", "recv_into", "recvfrom", "recvfrom_into", "recvmsg", "accept")
REQUEST_BYTES = 64


class Witness:
    def __init__(self, pipe_ready):
        self.pipe_ready = pipe_ready   # fd -> True when a read of it would not block
        self.waiting = {}              # thread ident -> (kind, what it waits on)
        self.seq = 0
        self.changed = time.monotonic()
        self.me = None                 # the answering thread's ident
        self.stdin = None              # the tracked sys.stdin, kept alive (track_stdin)
        self.threads: frozenset = frozenset()   # the idents answer() saw last
        self.ended: set = set()                  # threading's threads that told their end
        self._select = select.select   # the original: this module's own looks are not waits

    def enter(self, kind, what):
        self.waiting[_thread.get_ident()] = (kind, what)
        self.seq += 1
        self.changed = time.monotonic()

    def leave(self):
        self.waiting.pop(_thread.get_ident(), None)
        self.changes()

    def changes(self):
        """Something changed that a look must not take for quiet: a wait entered or left,
        a thread begun or ended."""
        self.seq += 1
        self.changed = time.monotonic()

    def ready(self, kind, what):
        """Would the wait on `what` end now (or can this module not tell that it would not)?"""
        try:
            if kind == "socket":
                return what.fileno() < 0 or bool(self._select([what], [], [], 0)[0])
            if kind == "select":
                return bool(self._select(what, [], [], 0)[0])
            if kind == "stdin":
                return self.pipe_ready(what)
            if kind == "join":
                return not what.is_alive()
            if kind == "lock":
                return not what.locked()
            return False   # a condition: whoever notifies it is a thread that runs
        except (OSError, ValueError, TypeError):
            return True

    def answer(self):
        seq, changed = self.seq, self.changed
        threads = [ident for ident in sys._current_frames() if ident != self.me]
        if frozenset(threads) != self.threads:
            # A thread that ended unseen (one of _thread's: threading's tell their end,
            # track_threads) entered no wait, and what it did last (a reply sent) may still
            # be on its way: PORTABLE_QUIET counts from here, not from an older wait. A new
            # thread is busy, or entered its wait, which was a change when it happened.
            current = frozenset(threads)
            gone = self.threads - current - self.ended
            self.threads = current
            self.ended &= current   # an ended thread may linger in the frames a moment
            if gone:
                self.changes()
                return b"busy\n"
        waits = dict(self.waiting)
        for ident in threads:
            wait = waits.get(ident)
            if wait is None or self.ready(*wait):
                return b"busy\n"
        if _notified(waits.values()):
            return b"busy\n"
        if seq != self.seq:
            return b"busy\n"   # something entered or left a wait while this looked
        return f"rest {seq} {time.monotonic() - changed:.3f} {len(threads)}\n".encode()

    def serve(self, conn, ends):
        """Answer each request on `conn`, whose two ends (addresses) are `ends`, while it is
        still that connection: a student who closes descriptors they did not open
        (os.closerange) frees its number for a socket of theirs, which this thread must then
        neither read, nor write, nor close."""
        self.me = _thread.get_ident()
        try:
            while _still(conn, ends) and conn.recv(REQUEST_BYTES) and _still(conn, ends):
                conn.sendall(self.answer())
        except OSError:
            pass
        finally:
            if _still(conn, ends):
                conn.close()
            else:
                conn.detach()   # the number is the student's now


def _notified(waits):
    """Has a condition woken a thread that has not run yet (a Queue.put() the worker has not
    taken)? notify() takes a waiter out of the condition's _waiters; the thread leaves its
    wait only once it runs. A waiter with a timeout is in _waiters too, but is never noted:
    its thread is busy anyway."""
    noted: dict = {}
    for kind, what in waits:
        if kind == "condition":
            noted[id(what)] = (what, noted.get(id(what), (what, 0))[1] + 1)
    try:
        return any(len(what._waiters) < count for what, count in noted.values())
    except (AttributeError, TypeError):
        return True   # a condition of another make: cannot tell, so no rest


def _ends(conn):
    return conn.getsockname(), conn.getpeername()


def _still(conn, ends):
    """Is the descriptor of `conn` still the connection whose ends were `ends`?"""
    try:
        return _ends(conn) == ends
    except OSError:
        return False


def waiting(witness, kind, call, what_of=lambda self, *args, **kwargs: self, blocks=lambda *a, **k: True):
    """`call`, noting around it that this thread waits for input on what_of(...)."""
    @functools.wraps(call)
    def wrapper(*args, **kwargs):
        if not blocks(*args, **kwargs):
            return call(*args, **kwargs)
        witness.enter(kind, what_of(*args, **kwargs))
        try:
            return call(*args, **kwargs)
        finally:
            witness.leave()
    return wrapper


def _blocking(sock, *args, **kwargs):
    return sock.gettimeout() is None


def _select_blocks(rlist, wlist=(), xlist=(), timeout=None):
    return timeout is None and not wlist and not xlist


def _select_on(rlist, *args, **kwargs):
    return list(rlist)


def _listed(tracked):
    """select.select taking its first iterable once, as a list: the witness notes what it is
    and select() reads it, and an iterator read twice is empty the second time."""
    @functools.wraps(tracked)
    def select_(rlist, *args, **kwargs):
        return tracked(list(rlist), *args, **kwargs)
    return select_


def _no_timeout(self, timeout=None, *args, **kwargs):
    return timeout is None


def track_threads(witness):
    """A threading.Thread's start and end are changes, seen when they happen: a busy thread
    that begins and ends between two looks (its reply sent last) is never in a look's
    thread set. (Threads of _thread alone are seen by the set, answer().)"""
    inner = getattr(threading.Thread, "_bootstrap_inner", None)
    if inner is None:
        return

    def bootstrap_inner(self):
        witness.changes()
        try:
            inner(self)
        finally:
            witness.ended.add(_thread.get_ident())
            witness.changes()
    threading.Thread._bootstrap_inner = bootstrap_inner  # type: ignore[attr-defined]


def tracked_lock(witness):
    """threading.Lock as a class whose blocking acquire of a lock another thread holds is a
    wait: a lock taken at once, or with a timeout, is no wait."""
    allocate = _thread.allocate_lock

    class Lock:
        __slots__ = ("_lock", "__weakref__")

        def __init__(self):
            self._lock = allocate()

        def acquire(self, blocking=True, timeout=-1):
            if self._lock.acquire(False):
                return True
            if not blocking or timeout not in (-1, None):
                return self._lock.acquire(blocking, timeout) if blocking else False
            witness.enter("lock", self._lock)
            try:
                return self._lock.acquire()
            finally:
                witness.leave()

        __enter__ = acquire

        def __exit__(self, *exc):
            self._lock.release()

        def release(self):
            self._lock.release()

        def locked(self):
            return self._lock.locked()

        def _at_fork_reinit(self):
            self._lock._at_fork_reinit()  # type: ignore[attr-defined]

        def __repr__(self):
            return f"<{'locked' if self.locked() else 'unlocked'} _thread.lock object at {id(self):#x}>"

    return Lock


def tracked_raw_stdin(witness):
    """fd 0 read by os.read, each read a wait on stdin: the raw layer under sys.stdin."""

    class Raw(io.RawIOBase):
        def readable(self):
            return True

        def fileno(self):
            return 0

        def isatty(self):
            return os.isatty(0)

        def readinto(self, buffer):
            witness.enter("stdin", 0)
            try:
                data = os.read(0, len(buffer))
            finally:
                witness.leave()
            buffer[:len(data)] = data
            return len(data)

    return Raw()


def track_stdin(witness, system):
    """sys.stdin as before (encoding, line endings: Python translates them on Windows only),
    read through a wrapped raw layer."""
    old = sys.stdin
    if old is None:
        return
    try:
        old.fileno()
    except (OSError, ValueError, AttributeError):
        return
    raw = tracked_raw_stdin(witness)
    sys.stdin = io.TextIOWrapper(io.BufferedReader(raw), encoding=old.encoding, errors=old.errors,
                                 newline=None if system.is_windows() else "\n",
                                 line_buffering=bool(old.line_buffering))
    # Kept for good, as sys.__stdin__ keeps Python's own: a student who rewraps it
    # (sys.stdin = io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8"), the usual fix for
    # Windows' code page) drops the last other reference, and a wrapper that goes closes
    # the buffer under it: the next input() would fail "I/O operation on closed file".
    witness.stdin = sys.stdin


def install(spec, system):
    """Connect to the grader's look port (spec "port:token") and wrap the waits; on any
    failure leave the process as it was (the grader then sees no answer: no early end)."""
    try:
        port, token = spec.split(":", 1)
        conn = _socket.socket(_socket.AF_INET, _socket.SOCK_STREAM)
        conn.settimeout(5)
        conn.connect(("127.0.0.1", int(port)))
        conn.sendall(f"{token} {os.getpid()}\n".encode())
        conn.settimeout(None)
        ends = _ends(conn)
    except (OSError, ValueError):
        return None
    witness = Witness(system.pipe_ready)
    for name in RECEIVING:
        if hasattr(socket.socket, name):
            setattr(socket.socket, name, waiting(witness, "socket", getattr(socket.socket, name), blocks=_blocking))
    select.select = _listed(waiting(witness, "select", select.select, what_of=_select_on, blocks=_select_blocks))
    threading.Thread.join = waiting(  # type: ignore[method-assign]
        witness, "join", threading.Thread.join, blocks=_no_timeout)
    threading.Condition.wait = waiting(  # type: ignore[method-assign]
        witness, "condition", threading.Condition.wait, blocks=_no_timeout)
    threading.Lock = tracked_lock(witness)  # type: ignore[misc]
    track_threads(witness)
    track_stdin(witness, system)
    _thread.start_new_thread(witness.serve, (conn, ends))
    return witness
