"""How long the kit's own tests take: the wall time and the CPU time of a pytest run.

    python benchmarks/suite_time.py                 # pytest --full, as CI runs it
    python benchmarks/suite_time.py -- -n 0         # the same in one process (before the lanes ran side by side)
    python benchmarks/suite_time.py --lane fast     # pytest: the developer's loop
    python benchmarks/suite_time.py --lane portable # the corpus on the path Windows takes, as .ci/run grades it

Runs the lane's command from the kit's root with this interpreter, then prints its wall
time, the CPU time of every process it waited for (pytest, the graders' workers, the
students' code), the share of two cores that is, the machine's load average before and
after (the machine may be shared: a loaded machine stretches the wall time, not the CPU
time), and pytest's last line. Arguments after `--` go to pytest. No goal is asserted: the
figures before and after a change go in benchmarks/suite_time.md.
"""
import argparse
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

KIT = Path(__file__).resolve().parents[1]
PORTABLE_K = "not test_lenient_rules_never_grade_lower_than_the_default"   # as .ci/run
LANES = {
    "full": (["--full"], {}),
    "fast": ([], {}),
    "portable": (["--full", "-n", "0", "tests/test_corpus.py", "-k", PORTABLE_K], {"CHATKIT_PLATFORM": "portable"}),
}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lane", choices=sorted(LANES), default="full")
    parser.add_argument("pytest_args", nargs="*", help="after --: more arguments for pytest")
    args = parser.parse_args(argv)
    lane_args, env = LANES[args.lane]
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *lane_args, *args.pytest_args]
    print("$", " ".join(command), " ".join(f"{k}={v}" for k, v in env.items()), flush=True)
    load_before = os.getloadavg()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.monotonic()
    done = subprocess.run(command, cwd=KIT, env=dict(os.environ, **env), capture_output=True, text=True,
                          encoding="utf-8", errors="replace")
    wall = time.monotonic() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    last = [line for line in done.stdout.splitlines() if line.strip()][-1:] or ["(no output)"]
    print(f"wall {wall:.0f} s, CPU {cpu:.0f} s ({cpu / wall / 2:.0%} of two cores), "
          f"load average {load_before[0]:.1f} before, {os.getloadavg()[0]:.1f} after")
    print("pytest:", last[0])
    if done.returncode:
        print(done.stdout[-4000:], done.stderr[-2000:], sep="\n")
    return done.returncode


if __name__ == "__main__":
    sys.exit(main())
