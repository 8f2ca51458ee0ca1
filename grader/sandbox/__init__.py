"""Run a student's module in a child process the grader fully controls.

    child.py       the Child: start, watch, diagnose, stop (and sweep the orphans)
    harness.py     the child's side: limits, privileges, Landlock, seccomp, then import and
                   main(host, port) (stdlib only; runs from runtime.py's copy)
    runtime.py     the child's read-only copy of the harness, its helpers and chatkit/
    seccomp.py     refuse socket(AF_UNIX) in the child (run in the child)
    constants.py   what both sides share: the progress marks, the prctl numbers, the harness's path
    privileges.py  whom the child runs as; this process's own guard (non-dumpable, subreaper)
    platform/      what differs between Linux, macOS and Windows: process trees, sockets and
                   their owners, CPU time, memory, limits (psutil behind one interface), and
                   what the system is (system.py: the only place that reads sys.platform)
    capture.py     output drained into capped buffers
    workdir.py     the private copy of the submission
    diagnosis.py   one sentence on why a module never became ready
    launch.py      how the child starts the module, whatever its entry shape (run in the child)
    confinement.py what confines the children here: network namespace, Landlock, user, limits
    netns.py       the worker's own network namespace (only lo) and PID namespace
    landlock.py    Landlock rules for the child (run in the child)
    witness.py     which of the child's threads wait for input, told to the grader on request,
                   where no kernel table says it: Windows, macOS (run in the child)

Importing this package does nothing and imports nothing: the harness imports constants.py
inside the student's process. Runner and worker call privileges.guard_this_process() at
their start.

Each scenario gets a fresh child: a private copy of the submission as its working
directory, a scrubbed environment, resource limits, its own process group, stdin closed
unless a client is being driven, and stdout/stderr drained continuously into capped
buffers so a flood can neither stall nor bloat the grader. Stopping a child kills its
whole process group and every descendant still found.

The grader learns whether the child is ready from the kernel (/proc/net), not from what
the child says, and falls back to a connection probe where /proc is missing.

Nothing the child does can reach the score (Linux):
  * where a probe shows that an unprivileged user (CHATKIT_SANDBOX_USER, default "nobody")
    can run this Python and read the kit, as on Gradescope, a grader running as root
    starts the child as that user: it can then neither signal, trace nor write to the
    grader, nor change the kit's files, and RLIMIT_NPROC bounds its processes;
  * otherwise the child keeps the grader's user, and the harness drops every capability
    before the student's code runs, while every grading process (runner, worker) marks
    itself non-dumpable: a process of the same user without capabilities can then
    neither open this one's pipes through /proc/PID/fd (where the worker's results
    travel) nor read its memory. It could still signal the grader (which only loses
    checks, shown as the grader's fault) or write the user's files;
  * nothing of the submission runs before the harness has confined the process: the
    interpreter starts with -I -S (sys.path: the standard library only), the harness
    lowers the limits, drops privileges, applies Landlock and the seccomp filter, and only
    then puts the submission's folder on sys.path;
  * when the scenario ends, the child's process group, its descendants, and every orphan
    that a worker adopted as the child subreaper (grader/engine/worker.py) are killed; where
    the worker has a PID namespace of its own (netns.py), everything a check started is
    killed at once after the check, however fast it forks.
"""
