"""How long `python -m grader batch` takes for a class: 40 submissions, 2 at a time.

    python benchmarks/batch_speed.py [--count 40] [--jobs 2] [--target 120]

Builds a class in a temporary folder: copies of the reference solutions, copies of the
lecture-style submission, and mutants of both with one known bug each (a mutant costs more
time than a correct submission: the checks it fails wait for messages that never come).
Then grades it from scratch (--force, a fresh cache), and once more to time the cache. The
grader runs from a snapshot of chatkit/ and grader/, so edits made to the kit meanwhile
change neither the run nor the cache key.
Prints the figures; exits 1 if the first run is over --target seconds. The goal is under
2 minutes on a 2-core machine.
"""
import argparse
import csv
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

KIT = Path(__file__).resolve().parents[1]
SOLUTIONS = KIT / "solutions"
LECTURE = KIT / "tests" / "corpus" / "lecture_style"
MODULES = ("tcp_server.py", "tcp_client.py", "udp_server.py", "udp_client.py")

# (base, file, old, new): one bug per mutant, each a mistake students make.
MUTANTS = (
    (LECTURE, "tcp_server.py", "if client_socket != sender_socket:", "if True:"),            # echoes the sender
    (LECTURE, "tcp_server.py", "    mailing(left(username), client_socket)\n", "\n"),         # no leave notice
    (LECTURE, "tcp_server.py", "    mailing(joined(username), client_socket)\n", "\n"),       # no join notice
    (SOLUTIONS, "tcp_server.py", "if client is not sender:", "if True:"),                     # echoes the sender
)


def copy_modules(source, target):
    target.mkdir(parents=True)
    for name in MODULES:
        if (source / name).is_file():
            shutil.copy(source / name, target / name)


def build_class(folder, count):
    """count submissions: a third solutions, a third lecture style, a third mutants.
    Returns the students whose copy must score 100."""
    full = []
    for index in range(count):
        kind = index % 3
        target = folder / f"student{index + 1:02d}"
        if kind in (0, 1):
            copy_modules(SOLUTIONS if kind == 0 else LECTURE, target)
            full.append(target.name)
        else:
            base, name, old, new = MUTANTS[(index // 3) % len(MUTANTS)]
            copy_modules(base, target)
            source = (target / name).read_text(encoding="utf-8")
            assert old in source, f"{base.name}/{name} changed: update the mutant {old!r}"
            (target / name).write_text(source.replace(old, new, 1), encoding="utf-8")
    return full


def snapshot(target):
    """A copy of the kit's code to run the grader from (python -m puts the cwd first on sys.path)."""
    for package in ("chatkit", "grader"):
        shutil.copytree(KIT / package, target / package, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    return target


def run_batch(kit, folder, csv_path, jobs, cache, force):
    command = [sys.executable, "-m", "grader", "batch", str(folder), "--csv", str(csv_path),
               "--jobs", str(jobs), "--cache-dir", str(cache)] + (["--force"] if force else [])
    started = time.monotonic()
    done = subprocess.run(command, cwd=kit, capture_output=True, text=True)
    return time.monotonic() - started, done


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--count", type=int, default=40)
    p.add_argument("--jobs", type=int, default=2)
    p.add_argument("--target", type=float, default=120.0, help="seconds the first run must stay under")
    args = p.parse_args()
    with tempfile.TemporaryDirectory(prefix="chatkit-batch-bench-") as temporary:
        root = Path(temporary)
        full = build_class(root / "class", args.count)
        kit = snapshot(root / "kit")
        seconds, done = run_batch(kit, root / "class", root / "grades.csv", args.jobs, root / "cache", force=True)
        if done.returncode not in (0, 3):
            print(done.stdout + done.stderr)
            return 2
        with open(root / "grades.csv", encoding="utf-8-sig", newline="") as table:
            rows = list(csv.DictReader(table))
        scores = sorted(float(row["score"] or 0) for row in rows)
        # A correct copy below 100 means the grader was not steady under this load.
        unsteady = {row["student"]: row["score"] for row in rows if row["student"] in full and row["score"] != "100"}
        statuses = {}
        for row in rows:
            status = row["status"].split(":")[0]
            statuses[status] = statuses.get(status, 0) + 1
        cached, again = run_batch(kit, root / "class", root / "again.csv", args.jobs, root / "cache", force=False)
    print(f"{len(rows)} submissions, --jobs {args.jobs}: {seconds:.1f} s "
          f"({seconds / max(1, len(rows)):.2f} s per submission); target {args.target:.0f} s: "
          f"{'OK' if seconds < args.target else 'OVER'}")
    print(f"scores: min {scores[0]:g}, median {scores[len(scores) // 2]:g}, max {scores[-1]:g}; statuses: {statuses}")
    print(f"correct copies below 100 (should be none): {unsteady or 'none'}")
    print(f"re-run with every submission in the cache: {cached:.1f} s")
    return 0 if seconds < args.target else 1


if __name__ == "__main__":
    sys.exit(main())
