"""What each scenario of the load benchmark does: its settings, its plan and its messages.

Every tuning constant of the benchmark is here, with the reason for its value.
"""
import math
import re
import time
from dataclasses import dataclass

from chatkit import protocol
from grader.engine import limits

SCENARIOS = ("fan-out", "cyrillic-burst", "stuck-reader", "churn", "udp")
MODULE = {"udp": "udp_server.py"}          # every other scenario runs tcp_server.py

CYRILLIC_BYTES = 1500          # cyrillic-burst: one line's size, > the lecture's recv(1024)
STUCK_TALKERS = 10             # stuck-reader: how many users talk (each gets everything)
STUCK_LINE_BYTES = 1000        # stuck-reader: one line's size
STUCK_MIN_BYTES = 8 * 2**20    # stuck-reader: the stuck user is sent at least this, and always
                               # twice what the kernel may buffer for it (see stuck_bytes)
STUCK_WINDOW = 8               # stuck-reader: rounds in flight, so the users who do read stay close
CHURN_MAX = 10                 # churn: at most this many leavers in flight per round
IDLE_SECONDS = 3.0             # nothing new for this long: the run is over (stalled, or lost the rest)
RUN_SECONDS = 60.0             # hard bound on one run's traffic
JOIN_SECONDS = limits.READY_TIMEOUT   # one user's handshake must finish within this
SYNC_SECONDS = 10.0            # all users must have seen a probe within this
SYNC_PROBE_EVERY = 0.2         # a probe not seen by everyone by then is sent again
SAMPLE_EVERY = 0.02            # the server's memory and threads are read this often
RECV_BYTES = 256 * 1024
UDP_RCVBUF = 4 * 2**20         # the driver's UDP sockets ask for this much buffer, so loss is the server's
DRAIN_BYTES = 64 * 2**20       # stuck-reader: at most this much is drained at the end to see a drop

TOKEN = re.compile(rb"<([ms]) (\d+) (\d+) (\d+)>")   # m: a counted message; s: a sync probe
ASCII_FILL = b"x" * 4096
CYRILLIC_FILL = ("ж" * 2048).encode(protocol.ENCODING)


class Ending:
    """How a run ended (the "ending" of its record; see the package's docstring)."""
    COMPLETE = "complete"      # every expected delivery arrived
    SURVIVORS = "survivors"    # the server dropped some users, and the users left got everything
    CLOSED = "closed"          # the server disconnected (nearly) everyone
    STALLED = "stalled"        # TCP: nothing new arrived for --idle seconds
    QUIET = "quiet"            # UDP: nothing new arrived for --idle seconds (loss is expected)
    TIMEOUT = "timeout"        # the hard limit RUN_SECONDS passed
    ERROR = "error"            # not measured: the server did not start, or the users could not join
    KEPT_GOING = (COMPLETE, SURVIVORS)


@dataclass
class Settings:
    users: int = 100
    messages: int = 10
    size: int = 64
    idle: float = IDLE_SECONDS
    run_seconds: float = RUN_SECONDS
    lang: str = "ru"
    window: int = STUCK_WINDOW
    address_space_gib: float | None = None   # None: the sandbox's own cap, as in grading


@dataclass
class Plan:
    """What one scenario does: who talks, how much, in which alphabet, over what."""
    scenario: str
    transport: str       # "tcp" or "udp"
    talkers: int         # users present for the whole run: each sends and reads
    messages: int        # messages per talker
    size: int            # bytes per line, token included
    fill: bytes
    stuck: int = 0       # users who join and never read
    churn: bool = False  # users join and leave between the rounds
    window: int = 0      # a round is sent only once the round this far back reached everyone (0: no pacing)

    @property
    def module(self):
        return MODULE.get(self.scenario, "tcp_server.py")

    @property
    def expected(self):
        return self.talkers * (self.talkers - 1) * self.messages


def plan_for(scenario, settings):
    users, messages, size = settings.users, settings.messages, settings.size
    if scenario == "cyrillic-burst":
        return Plan(scenario, "tcp", users, messages, CYRILLIC_BYTES, CYRILLIC_FILL)
    if scenario == "stuck-reader":
        talkers = max(2, min(users, STUCK_TALKERS))
        per_user = math.ceil(stuck_bytes() / (talkers * STUCK_LINE_BYTES))
        return Plan(scenario, "tcp", talkers, per_user, STUCK_LINE_BYTES, ASCII_FILL, stuck=1,
                    window=settings.window)
    if scenario == "churn":
        return Plan(scenario, "tcp", users, messages, size, ASCII_FILL, churn=True)
    if scenario == "udp":
        return Plan(scenario, "udp", users, messages, size, ASCII_FILL)
    return Plan(scenario, "tcp", users, messages, size, ASCII_FILL)


def stuck_bytes():
    """What to send a user who never reads, so that it surely fills every buffer on the way.

    The bytes first fill the server's send buffer for that user (up to tcp_wmem's max, as
    the kernel grows it) and the user's receive buffer (tcp_rmem's default: it does not
    grow for a socket nobody reads); only past both can a server's send() wait.
    """
    try:
        with open("/proc/sys/net/ipv4/tcp_wmem") as wmem, open("/proc/sys/net/ipv4/tcp_rmem") as rmem:
            buffered = int(wmem.read().split()[2]) + int(rmem.read().split()[1])
    except (OSError, ValueError, IndexError):
        buffered = 0
    return min(64 * 2**20, max(STUCK_MIN_BYTES, 2 * buffered))


def message(sender, seq, size, fill, tag=b"m"):
    """One line: the token, then filler up to `size` bytes in all (whole characters only)."""
    head = b"<%s %d %d %d> " % (tag, sender, seq, time.perf_counter_ns())
    room = max(0, size - len(head) - 1)
    if fill is CYRILLIC_FILL:
        body = fill[: room - room % 2] + (b"." if room % 2 else b"")
    else:
        body = fill[:room]
    return head + body + b"\n"
