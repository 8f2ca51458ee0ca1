"""What the benchmark learns about the server: peak memory and threads, UDP drops
(grader.sandbox.platform, psutil; UDP drops only where Linux counts them)."""
import threading

from grader.sandbox import platform
from grader.tools.bench.plan import SAMPLE_EVERY


def read_status(pid):
    """(RSS kB, peak RSS kB, threads) of one process, or None when it is gone. The peak is
    the system's own (Linux VmHWM, Windows peak working set); elsewhere the sampled RSS."""
    memory = platform.memory_and_threads(pid)
    if memory is None:
        return None
    peak = memory.peak if memory.peak is not None else memory.rss
    return memory.rss // 1024, peak // 1024, memory.threads


class Sampler:
    """A thread that keeps the peak memory and thread count of a process and its descendants."""

    def __init__(self, pid):
        self.pid = pid
        self.pids = [pid]
        self.peak_rss_kb = 0
        self.peak_threads = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="bench-sampler", daemon=True)

    def start(self):
        self._thread.start()
        return self

    def _sample(self):
        rss = hwm = threads = 0
        for pid in self.pids:
            status = read_status(pid)
            if status:
                rss, hwm, threads = rss + status[0], hwm + status[1], threads + status[2]
        # The system's own peak (VmHWM) catches a spike between two samples.
        self.peak_rss_kb = max(self.peak_rss_kb, rss, hwm)
        self.peak_threads = max(self.peak_threads, threads)

    def _run(self):
        rounds = 0
        while not self._stop.wait(SAMPLE_EVERY):
            if rounds % 25 == 0:  # walking the process table is dearer: twice a second
                self.pids = [self.pid, *platform.descendants(self.pid)]
            self._sample()
            rounds += 1

    def stop(self):
        """Take a last sample (the server must still be alive) and end the thread."""
        self._stop.set()
        self._thread.join(1.0)
        self._sample()


def udp_drops(ports):
    """Datagrams the kernel dropped at full receive buffers of the UDP sockets on `ports`:
    it tells loss at the server's door from loss at the users' doors. Linux only (the last
    column of /proc/net/udp); None elsewhere, where no system says it."""
    drops = getattr(platform, "udp_drops", None)
    return None if drops is None else drops(ports)
