"""What the benchmark reads from the kernel about the server: peak memory and threads, UDP drops."""
import threading

from grader.sandbox.procfs import descendants
from grader.tools.bench.plan import SAMPLE_EVERY


def read_status(pid):
    """(VmRSS kB, VmHWM kB, Threads) of one process, or None when it is gone."""
    values = {}
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                key, _, rest = line.partition(":")
                if key in ("VmRSS", "VmHWM", "Threads"):
                    values[key] = int(rest.split()[0])
    except (OSError, ValueError, IndexError):
        return None
    return values.get("VmRSS", 0), values.get("VmHWM", 0), values.get("Threads", 0)


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
        # VmHWM is the kernel's own peak: it catches a spike between two samples.
        self.peak_rss_kb = max(self.peak_rss_kb, rss, hwm)
        self.peak_threads = max(self.peak_threads, threads)

    def _run(self):
        rounds = 0
        while not self._stop.wait(SAMPLE_EVERY):
            if rounds % 25 == 0:  # walking /proc for children is dearer: twice a second
                self.pids = [self.pid, *descendants(self.pid)]
            self._sample()
            rounds += 1

    def stop(self):
        """Take a last sample (the server must still be alive) and end the thread."""
        self._stop.set()
        self._thread.join(1.0)
        self._sample()


def udp_drops(ports):
    """Datagrams the kernel dropped at full receive buffers of the UDP sockets on `ports`.

    /proc/net/udp's last column counts, per socket, the datagrams that arrived when its
    buffer was full: it tells loss at the server's door from loss at the users' doors.
    None where /proc is not there to ask.
    """
    ports, total, found = set(ports), 0, False
    for suffix in ("", "6"):
        try:
            with open(f"/proc/net/udp{suffix}") as table:
                next(table)
                for line in table:
                    fields = line.split()
                    if int(fields[1].rsplit(":", 1)[1], 16) in ports:
                        total += int(fields[-1])
                        found = True
        except (OSError, StopIteration, ValueError, IndexError):
            continue
    return total if found else None
