"""When a wait can end early: the student's processes did everything they will do.

A check waits for a line within a bound (grader/engine/limits.py) generous enough for a
correct server on a busy machine. A server that answers nothing made every such wait run to
its bound, one after another: 20 s for a silent server where the reference takes 1.5 s.
The bound stays; the wait ends before it when the outcome is certain:

  - every thread of every process the check started (and of their descendants, and of the
    orphans they left, which the worker adopts) sleeps in a call that only input ends
    (a recv, an accept, a read, a poll/select/epoll without a timeout, a lock or a join
    without one): the kernel says so (/proc/PID/task/TID/syscall), and the CPU time each
    thread used is the same in two looks one after the other, so nothing ran in between;
  - nothing is on its way: no TCP connection of the check's users (either end) holds data
    the other end has not acknowledged, or a connection being opened or closed; every byte
    the kernel received for a user (TCP_INFO) has reached that user's stream;
  - the scenario itself did nothing between the two looks (no event, no byte), and no
    thread of the check acts on its own meanwhile (Scenario.background: the churn's
    passers-by).

Then nothing more arrives until the check sends, connects or leaves, and a line it waits
for can no longer come: the wait ends, with the sentence it ends with at its bound. A
server that sleeps (time.sleep, a timeout on its socket) or computes is never taken for
done: a correct slow server waits its bound as before.

Linux's kernel says all of this (grader/sandbox/platform waiting_for_input,
connections_at_rest, bytes_received, and for a client's printed output reading_all_of: the
thread that drains its pipe sleeps in a read of the empty pipe; over UDP, datagrams_at_rest:
the counters of the worker's own loopback-only network namespace balance). Elsewhere
(Windows, macOS, and Linux as CHATKIT_PLATFORM=portable) the student's process says which of
its threads wait, and on what, through a witness the harness starts before the student's code
(grader/sandbox/witness.py, asked by platform/_looks.py); what is on its way between the two
sides, which no table there shows, is covered by time instead: the witness's last change and
the scenario's last event must be platform.QUIET_BEFORE_REST old, and each of the grader's
readers must sleep waiting with nothing queued (idle_and_empty). A witness can only end a wait
for something that has not come, so the student's code, which could forge its answer, can only
make its own checks fail sooner.

Cost: one look reads two small /proc files per thread of the student's processes and the
worker's TCP table (its own network namespace: a few rows), about a millisecond of CPU.
Looks are made only while a wait is not yet satisfied: every LOOK_EVERY seconds at first,
then, while something runs or is on its way (a slow or polling server), less and less
often, down to one every LOOK_AT_MOST seconds; a correct server's waits end at their line.
"""
import select
import time

from grader.sandbox import platform

LOOK_EVERY = 0.02          # seconds between two looks at the same scenario, at first and to confirm
LOOK_AT_MOST = 0.16        # ...doubling after each look that found something running or on its way
FRESH = 0.25               # a first look older than this is taken again before it confirms anything

_waiting = getattr(platform, "waiting_for_input", None)
_at_rest = getattr(platform, "connections_at_rest", None)
_received = getattr(platform, "bytes_received", None)
_drained = getattr(platform, "reading_all_of", None)
_datagrams = getattr(platform, "datagrams_at_rest", None)
_receiving = getattr(platform, "receiving_all_of", None)
_rest_in = getattr(platform, "rest_in", None)
QUIET = platform.QUIET_BEFORE_REST


def supported():
    """Can this platform tell that a process waits for input? (Linux: the kernel; elsewhere
    the witness.)"""
    return _waiting is not None and _at_rest is not None


def received(sock):
    """Bytes the kernel received in order on a connected TCP socket, or None (not Linux)."""
    return _received(sock) if _received is not None else None


def idle_and_empty(reader, ready):
    """Does the grader's reader thread sleep waiting for input (its `idle` flag, set before
    it waits and cleared after, grader/chat/peers.py and grader/sandbox/capture.py) while
    what it reads holds nothing (ready() is False)? What woke it stays queued until the
    thread itself reads it, so a woken reader is never taken for an idle one."""
    try:
        return bool(getattr(reader, "idle", False)) and not ready()
    except (OSError, ValueError):
        return False


def datagram_taken(thread, sock):
    """Has the reader thread of a datagram socket handled all it received?"""
    if _receiving is not None:
        return thread.native_id is not None and _receiving(thread.native_id, sock)
    return idle_and_empty(thread, lambda: socket_ready(sock))


def drained(thread):
    """Has the drain thread (grader/sandbox/capture.py) handed on all its pipe holds?"""
    if thread.fd is None:
        return False
    if _drained is not None:
        return thread.native_id is not None and _drained(thread.native_id, thread.fd)
    return idle_and_empty(thread, lambda: platform.pipe_ready(thread.fd))


def socket_ready(sock):
    """Would a read of `sock` return at once (something queued, or its end)?"""
    return bool(select.select([sock], [], [], 0)[0])


class Settling:
    """Looks at one scenario's processes and users; reached() once two looks agree."""

    def __init__(self, scenario):
        self.scenario = scenario
        self.looked = 0.0
        self.last = None
        self.every = LOOK_EVERY
        self.events = -1
        self.quiet_in = None    # seconds until only a quiet margin stood in the way, if that was all

    def reached(self):
        """True when nothing more can arrive unless the scenario acts (see the module)."""
        if not supported():
            return False
        now = time.monotonic()
        if len(self.scenario.events) != self.events:   # the scenario acted: look soon again
            self.events, self.every = len(self.scenario.events), LOOK_EVERY
        if now - self.looked < self.every:
            return False
        first, fresh = self.last, now - self.looked <= FRESH
        self.looked = now
        self.quiet_in = None
        self.last = self._look()
        # Something runs or is on its way (a slow server, one that polls): look less often;
        # only a quiet margin still to run (QUIET): look again as it ends.
        if self.last is not None:
            self.every = LOOK_EVERY
        elif self.quiet_in is not None:
            self.every = max(LOOK_EVERY, self.quiet_in)
        else:
            self.every = min(2 * self.every, LOOK_AT_MOST)
        return self.last is not None and fresh and self.last == first

    def _just_acted(self):
        """Where no queue can be read (QUIET): may what the scenario just did still be on its
        way? Then quiet_in says how long until it cannot."""
        events = self.scenario.events
        if not (QUIET and events):
            return False
        left = QUIET - (self.scenario.now() - events[-1][0])
        if left <= 0:
            return False
        self.quiet_in = left
        return True

    def _look(self):
        scenario = self.scenario
        processes = list(scenario.processes)
        actors = list(scenario.actors)
        events = len(scenario.events)
        if _waiting is None or _at_rest is None:
            return None
        if not processes or any(process.exited() for process in processes):
            return None   # a process that ended is crashed()'s to report
        if self._just_acted():
            return None
        fingerprint = _waiting()   # every process of ours: the check's, and orphans they left
        if fingerprint is None:
            self.quiet_in = _rest_in() if _rest_in is not None else None
            return None
        ports = {port for actor in actors for port in actor.ports}
        ports.update(process.port for process in processes)   # a server's, or a fake server's, port
        if not _at_rest(ports):
            return None
        if any(actor.datagrams for actor in actors) and not (_datagrams is not None and _datagrams()):
            return None
        if not all(actor.delivered() for actor in actors):
            return None
        return fingerprint, events, tuple(actor.stream.size for actor in actors)
