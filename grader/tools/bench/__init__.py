"""Load benchmark: `python -m grader bench [FOLDER]` measures a chat server under load.

    python -m grader bench [FOLDER] [--users N] [--messages M] [--size B]
                           [--scenario NAME ...] [--compare FOLDER2 ...] [--runs K]
                           [--json FILE] [--lang ru|en]

The server under test runs isolated exactly as in grading (grader.sandbox.Child: a private
copy of the folder, a scrubbed environment, resource limits, its own process group), on a
port the OS picked, and is killed at the end of every run. While it runs, a sampling
thread reads the resident memory (and, where the system keeps one, its peak) and the thread
count of the server and its descendants (grader.sandbox.platform, psutil).

The load driver is this module's own: N users on raw non-blocking sockets, one reader
thread for all of them (a selector), one sender thread. Every message carries a unique
ASCII token <m SENDER SEQ SENT_NS>, so each delivery is counted once per receiver,
duplicates are seen, and the latency is measured from the send to the arrival. The
driver joins each user with the protocol's handshake (the prompt, the name, the welcome
from chatkit.protocol), then waits until a probe message has reached every user, so no
message is sent before the server counts its receivers in.

Scenarios (all of them by default):
  fan-out         every user sends M messages of B bytes (ASCII) to everyone else;
  cyrillic-burst  the same with 1500-byte lines of 2-byte letters and no pause: a server
                  that decodes each recv() on its own breaks where a letter is cut;
  stuck-reader    one extra user joins and never reads while up to 10 others exchange
                  several MB: does the room keep going, or does everyone wait for one?
                  The others send with a window (--window rounds in flight), as users
                  who read what they get; --window 0 sends it all as one burst, which
                  also tests how a server treats readers who merely fall behind.
  churn           users join and leave between the rounds of messages; only the users
                  present for the whole run are counted;
  udp             fan-out over the folder's udp_server.py: loss is expected and reported.

A run ends when every expected delivery has arrived; when the server has disconnected
some users and every user left has got everything from every other user left (the room
went on, the disconnected users' deliveries are lost); when nothing new has arrived for
IDLE_SECONDS (the server stalled, or lost the rest); or at the hard time limit. "Kept
going" means one of the first two.

`--compare FOLDER2 [FOLDER3 ...]` runs every server on each scenario K times (default 3),
one right after the other, turning the order round by round (A B, B A for two; A B C,
B C A, C A B for three), and reports the medians, and for each figure and each other
folder the median of the ratios FOLDER/FOLDERn of the runs taken side by side:

    python -m grader bench solutions --compare docs/lecture benchmarks/peers/asyncio_chat

On a shared machine absolute figures move with the neighbours' load; the ratios of runs
taken side by side are what to trust. A comparison is also drawn: a bar chart of deliveries
per second in the terminal, and with `--plot FILE.png` (the `plot` extra) a PNG.

A user joins as any chat that passes the default checks lets them (driver.bench_handshake):
the prompt, the name as a line, then a welcome that names them in whatever words.

Exit status: 0 when the runs were measured (whatever the figures say); 1 when some run
could not be measured (the server did not start, or the users could not join); 2 for a
usage error.

The package, in the order a run goes through it:
    plan.py     settings, what each scenario does, the messages and their tokens
    driver.py   the users: join, sync, send, read (Load)
    tally.py    counting what arrived
    sampler.py  the server's peak memory and threads, UDP drops (the platform layer)
    measure.py  one run against a sandboxed server, and the series of runs (bench())
    summary.py  medians, ratios, the table and the one-line outcomes
    chart.py    the comparison as a picture (terminal bars; PNG with matplotlib)
    cli.py      the command
"""
from grader.tools.bench.cli import main

__all__ = ["main"]   # python -m grader bench calls main(argv)
