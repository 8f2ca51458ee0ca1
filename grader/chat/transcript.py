"""A check's story: the Scenario that logs what every actor did and when, and the Failure
that ends a check with a reason the student can act on.

Matching ignores how bytes were framed: received text is flattened (line breaks dropped)
before it is matched; flatten(), target() and show() say how a text is matched and shown.
"""
import threading
import time

from grader.chat.settling import Settling
from grader.engine import limits
from grader.errors import Failure, StartFailure  # noqa: F401  (the checks raise them from here)
from grader.messages import say


def wait_until(condition, timeout, give_up=None, interval=0.005):
    """Poll `condition` until it holds (True) or the timeout passes (False): for waits that
    span several streams; a wait on one stream uses Stream.wait_for instead."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() >= deadline:
            return False
        if give_up and give_up():
            return condition()   # one last look: it may have come while give_up() looked
        time.sleep(interval)
    return True


def flatten(text):
    """Text as the matcher sees it: line breaks removed, nothing else changed."""
    return text.replace("\r", "").replace("\n", "")


def target(text):
    """What an expected message must look like in the flattened stream."""
    return flatten(text).strip()


def show(text, limit=160):
    """A received or sent piece of text, with line breaks made visible, shortened if long."""
    text = text.replace("\r", "\\r").replace("\n", "⏎")
    text = "".join(ch if ch.isprintable() or ch == "⏎" else f"\\x{ord(ch):02x}" for ch in text)
    return text if len(text) <= limit else text[: limit - 20] + f"… (+{len(text) - limit + 20})"


class Scenario:
    """One check's shared clock, its actors' transcripts, and the processes it started."""

    def __init__(self, lang="ru", check_id=None):
        self.lang = lang
        self.check_id = check_id
        self.t0 = time.monotonic()
        self.events = []          # [time, actor, kind, text]
        self.actors = []
        self.processes = []
        self._lock = threading.Lock()
        self.cleanups = []
        self.closing = False
        self._logged = 0          # characters of received/printed text kept in events
        self._unshown = {}        # actor -> [the note event, characters not kept]
        self._settling = Settling(self)
        self.background = 0       # threads of the check acting on their own: nothing is settled meanwhile

    def now(self):
        return time.monotonic() - self.t0

    def log(self, actor, kind, text=""):
        if self.closing:
            return  # what happens while everything is torn down is not part of the story
        with self._lock:
            if kind in ("recv", "print"):
                # A flood must not fill the grader's memory: past the cap, only count.
                if self._logged + len(text) > limits.TRANSCRIPT_CHARS:
                    self._not_shown(actor, len(text))
                    return
                self._logged += len(text)
            self.events.append([round(self.now(), 3), actor, kind, text])

    def _not_shown(self, actor, size):
        entry = self._unshown.get(actor)
        if entry is None:
            entry = self._unshown[actor] = [[round(self.now(), 3), actor, "note", ""], 0]
            self.events.append(entry[0])
        entry[1] += size
        entry[0][3] = say("chat.not_shown", self.lang, count=entry[1])

    def crashed(self):
        """The first watched process that has died, or None."""
        for process in self.processes:
            if process.exited():
                return process
        return None

    def settled(self):
        """Has everything the scenario's processes will do without more input happened
        (grader/chat/settling.py)? Then a line still awaited can no longer come."""
        return not self.background and self._settling.reached()

    def close(self):
        """Tear down after the verdict: the student's processes are stopped first, then the
        users and the fake servers close. The other way round, a server could still write to a
        user the grader had just closed, and a BrokenPipeError of the grader's own teardown
        would appear in its output or not, as the machine's timing fell; a pipe the student's
        code broke during the check is in its output either way."""
        self.closing = True
        stops = [getattr(process, "stop", None) for process in self.processes]   # a Child's, in cleanups
        ordered = sorted(reversed(self.cleanups), key=lambda cleanup: cleanup not in stops)   # stable
        for cleanup in ordered:
            try:
                cleanup()
            except Exception:
                pass
        self.cleanups.clear()
