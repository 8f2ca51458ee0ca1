"""How long one grading takes: the reference solutions, and a submission where everything hangs.

    python benchmarks/grade_speed.py [--repeat 3] [--jobs 2]

Cases, each graded --repeat times with --jobs workers (the command line's default is 2):
  solutions      solutions/ (both tracks, every check passes) through grader.engine.runner.grade();
                 target under 5 s, aim 2 s;
  solutions-cli  the same through `python -m grader solutions --json FILE`, as a student
                 runs it: interpreter start-up, the report and the JSON included;
  leave-less     tests/corpus/tcp_server_no_leave_notice: one check waits out its bound;
  silent         tests/corpus/lenient_prints_only: a server that answers nothing, so every
                 server check waits out its bounds (63 s before issue 19);
                 broken submissions' target: 3x the reference's median (issue 19);
  all-hang       a submission whose four modules hang at import: every module's first
                 check waits out the start bound, the rest are skipped; target under 15 s
                 (a server that never opens its port is called so within that, issue 9);
  strict         solutions/ with --strict: the strict tier's reference;
  silent-strict  the silent server with --strict: 3x the strict reference (issue 19: the
                 strict tier's waits get the same treatment), far within RUN_TIMEOUT.
The silent server's waits end when its line can no longer come (grader/chat/settling.py):
on Linux the kernel says so; with CHATKIT_PLATFORM=portable (what Windows and macOS take) the
witness in the student's process does (grader/sandbox/witness.py), after a quiet margin
(limits.PORTABLE_QUIET): run both to compare.
Prints the best and the median time of each case against its target, the CPU time the
grading's processes used (workers and students' code included), and each case's ratio to
its reference; exit status 1 if a median is over its target.
"""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

KIT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(KIT))

from grader.chat import settling  # noqa: E402
from grader.engine import rubric  # noqa: E402
from grader.sandbox import platform  # noqa: E402
from grader.engine.runner import Options, grade  # noqa: E402

HANGING = '''"""Looks like a chat module, but importing it never ends."""
import socket
import threading
import time


def main(host, port):
    sock = socket.socket(socket.AF_INET, socket.SOCK_{kind})
    threading.Thread(target=sock.close).start()


while True:
    time.sleep(1)
'''


def hanging_submission(folder):
    for (track, _), name in rubric.MODULES.items():
        kind = "STREAM" if track == "tcp" else "DGRAM"
        (folder / name).write_text(HANGING.replace("{kind}", kind), encoding="utf-8")
    return folder


def children_cpu():
    usage = os.times()
    return usage.children_user + usage.children_system + usage.user + usage.system


def time_grade(folder, jobs, strict=False):
    started = time.monotonic()
    result = grade(folder, Options(lang="en", workers=jobs, strict=strict))
    return time.monotonic() - started, result.score


def time_cli(folder, jobs, out):
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "grader", str(folder), "--json", str(out), "--jobs", str(jobs)],
                          cwd=KIT, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"the grader failed:\n{done.stdout[-2000:]}{done.stderr[-2000:]}")
    return time.monotonic() - started, None


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--jobs", type=int, default=2)
    args = p.parse_args()
    rows, over = [], False
    with tempfile.TemporaryDirectory(prefix="chatkit-speed-") as temporary:
        root = Path(temporary)
        hang = root / "all_hang"
        hang.mkdir()
        hanging_submission(hang)
        corpus = KIT / "tests" / "corpus"
        cases = (
            ("solutions", lambda: time_grade(KIT / "solutions", args.jobs), 5.0, 2.0, 100),
            ("solutions-cli", lambda: time_cli(KIT / "solutions", args.jobs, root / "r.json"), 5.0, 2.0, None),
            ("leave-less", lambda: time_grade(corpus / "tcp_server_no_leave_notice", args.jobs), "3x", None, 66),
            ("silent", lambda: time_grade(corpus / "lenient_prints_only", args.jobs), "3x", None, 38),
            ("all-hang", lambda: time_grade(hang, args.jobs), 15.0, None, None),
            ("strict", lambda: time_grade(KIT / "solutions", args.jobs, strict=True), None, None, 100),
            ("silent-strict", lambda: time_grade(corpus / "lenient_prints_only", args.jobs, strict=True), "3x", None,
             38),
        )
        reference = None
        for name, run, target, aim, score in cases:
            if name == "strict":
                reference = None   # the strict tier's cases are measured against its own reference
            times = []
            cpu = children_cpu()
            for _ in range(args.repeat):
                seconds, got = run()
                if score is not None and got != score:
                    print(f"{name}: scored {got}, not {score}")
                    over = True
                times.append(seconds)
            cpu = (children_cpu() - cpu) / args.repeat
            median = statistics.median(times)
            if reference is None:
                reference = median
            bound = 3 * reference if target == "3x" else target if target is not None else float("inf")
            over |= median > bound
            rows.append((name, min(times), median, cpu, target, bound, aim, reference))
            print(f"{name}: " + ", ".join(f"{t:.2f}" for t in times) + " s", flush=True)
    print()
    print(f"{'case':<14} {'best':>7} {'median':>7} {'CPU':>6} {'x ref':>6}  target")
    for name, best, median, cpu, target, bound, aim, reference in rows:
        if target is None:
            print(f"{name:<14} {best:>6.2f}s {median:>6.2f}s {cpu:>5.1f}s {1:>5.1f}x  (the reference below)")
            continue
        goal = (f"< 3x the reference ({bound:.1f} s)" if target == "3x" else f"< {target:g} s") + (
            f" (aim {aim:g} s)" if aim else "")
        verdict = "OK" if median <= bound else "OVER"
        print(f"{name:<14} {best:>6.2f}s {median:>6.2f}s {cpu:>5.1f}s {median / reference:>5.1f}x  {goal}: {verdict}")
    evidence = ("off (every wait runs to its bound)" if not settling.supported()
                else f"on (quiet margin {settling.QUIET:g} s)" if settling.QUIET else "on")
    print(f"\n{args.repeat} runs each, --jobs {args.jobs}, Python {sys.version.split()[0]}, platform {platform.NAME}, "
          f"early ends on evidence {evidence}" + (f"; load average {os.getloadavg()[0]:.1f}" if hasattr(os, "getloadavg") else ""))
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
