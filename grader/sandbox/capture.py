"""A child's output, drained continuously into capped buffers: a flood can neither stall
nor bloat the grader."""
import threading

from grader.engine import limits
from grader.sandbox import platform


class CappedBuffer:
    """Keep the first and the last part of a byte stream, and count the rest."""

    def __init__(self, cap=limits.OUTPUT_CAP):
        self.head = bytearray()
        self.tail = bytearray()
        self.total = 0
        self.cap = cap
        self.lock = threading.Lock()

    def add(self, data):
        with self.lock:
            self.total += len(data)
            room = self.cap // 2 - len(self.head)
            if room > 0:
                self.head += data[:room]
                data = data[room:]
            if data:
                self.tail += data
                del self.tail[: max(0, len(self.tail) - self.cap // 2)]

    def text(self):
        with self.lock:
            skipped = self.total - len(self.head) - len(self.tail)
            middle = f"\n… [{skipped} bytes skipped] …\n".encode() if skipped > 0 else b""
            return bytes(self.head + middle + self.tail).decode("utf-8", "replace")


WAKE_EVERY = 0.5   # seconds a drain waits for its pipe before it looks again


def drain(pipe, sink, name):
    """Read `pipe` to its end in a daemon thread, handing every chunk to `sink`; return the
    thread, with the pipe's descriptor as `fd` (None if it has none): while the thread sleeps
    in a read of it, every chunk read before has been handed on (grader/chat/settling.py).
    Where the kernel cannot say what a thread sleeps in, the thread first waits for the pipe
    to hold something with its `idle` flag up, and takes what woke it only after lowering it."""
    try:
        fd = pipe.fileno()
    except (OSError, ValueError, AttributeError):
        fd = None
    waits = fd is not None and not hasattr(platform, "reading_all_of")   # Linux's /proc tells

    def ready():
        thread.idle = True   # type: ignore[attr-defined]
        try:
            return platform.wait_pipe(fd, WAKE_EVERY)
        finally:
            thread.idle = False   # type: ignore[attr-defined]

    def pump():
        with pipe:
            while True:
                if waits and not ready():
                    continue
                try:
                    data = pipe.read1(65536) if hasattr(pipe, "read1") else pipe.read(65536)
                except (OSError, ValueError):
                    return
                if not data:
                    return
                sink(data)
    thread = threading.Thread(target=pump, name=name, daemon=True)
    thread.fd = fd   # type: ignore[attr-defined]
    thread.start()
    return thread
