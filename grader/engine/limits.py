"""Every time limit and size cap of the grader, defined once.

Waits end at the event they wait for (a port accepting, a line arriving); these numbers
are only the upper bounds, chosen generous enough that a correct submission on a busy
2-core machine never comes near them.
"""

READY_TIMEOUT = 6.0        # a started server must be listening (or a client connected) by then
START_MARGIN = 2.0         # a module that took S seconds to start in one check gets START_MARGIN * S later
PORT_ATTEMPTS = 3          # ports tried when the one handed to a server turns out to be another's
EXPECT_TIMEOUT = 5.0       # an expected message must arrive within this
NEXT_DATA_GRACE = 0.3      # after some reply arrived, how long to wait for the rest of it
SETTLE_TIMEOUT = 1.0       # waiting for a notice only to know the server caught up (never fails a check)
QUIET_WINDOW = 0.15        # "nothing else arrives": listen this long after a sentinel
PORTABLE_QUIET = 0.3       # where the kernel's queues cannot be read (grader/sandbox/platform/_looks.py):
                           # both sides quiet this long before a wait may end early on the witness's word
CHECK_TIMEOUT = 25         # pytest-timeout's bound on one check (seconds, int)
RUN_TIMEOUT = 120.0        # the whole grading run; past it the workers are stopped (a backstop, see runner.py)
STOP_TIMEOUT = 2.0         # a child asked to stop gets this long before SIGKILL
WORKER_STOP_TIMEOUT = 8.0  # a worker asked to stop (its check's teardown runs) gets this long before a kill
HELP_AFTER = 1.0           # a check still running after this long is waiting: another worker takes the next checks
HELPERS = 6                # at most this many workers join the planned ones (about 40 MB and 0.3 s of CPU each)
RERUNS = 2                 # fresh workers started for checks no worker reported (one that died)
CONFIRM_RUNS = 2           # a failure that may be a race (engine/races.py) runs again this many times at once, calm
CONFIRMERS = 6             # at most this many workers run failed checks again at a time
CLAIM_TIMEOUT = 10.0       # a worker that gets no answer to its claim of a check runs it

OUTPUT_CAP = 64 * 1024     # bytes of a child's stdout/stderr kept (head and tail)
STREAM_CAP = 4 * 1024 * 1024   # bytes kept of what one simulated user received
TRANSCRIPT_EVENTS = 200    # events kept per simulated user in a report
TRANSCRIPT_CHARS = 256 * 1024  # received/printed text kept in one check's transcript

CHILD_CPU_SECONDS = 60     # RLIMIT_CPU for a student's process
# RLIMIT_AS caps reserved address space, not memory in use: every thread reserves an 8 MiB
# stack, and glibc may give it a 64 MiB malloc arena (capped by MALLOC_ARENA_MAX in the
# child's environment). 8 GiB lets a correct server hold a few hundred users.
CHILD_MEMORY_BYTES = 8 * 1024 ** 3
CHILD_PROCESSES = 2048     # RLIMIT_NPROC (threads count too) when the child runs as its own user
CHILD_FILE_BYTES = 64 * 1024 ** 2   # RLIMIT_FSIZE: what the child may write to one file

# What the grading process takes from a submission (grader/engine/intake.py): beyond these,
# files are left out and the report names them; nothing of a submission is read past them.
SUBMISSION_MAX_FILES = 1000            # files taken from one submission (folders and zips alike)
SUBMISSION_MAX_BYTES = 20 * 1024 ** 2  # bytes taken from one submission, all files together
SUBMISSION_FILE_BYTES = 8 * 1024 ** 2  # bytes of one file
MODULE_MAX_BYTES = 256 * 1024          # one .py file: ast.parse takes ~150-500x its size in memory
HINTS_MAX_BYTES = 256 * 1024           # .chatkit/hints.json, the hint memory (grader/engine/hints.py)
