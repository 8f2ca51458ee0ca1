"""Grade the whole corpus several times in a row on a loaded machine: are the grades identical?

    python benchmarks/determinism.py [--runs 5] [--parallel 2] [--burners N] [--only NAME ...]

Starts N CPU burners (`python -c "while True: pass"`, one per core by default) for the
whole duration, then grades every folder of tests/corpus/ --runs times in a row, --parallel
folders at a time with one worker each, exactly as tests/test_corpus.py does. Prints each
folder's score and failed checks per run, whether every run gave the same grades, and
whether they are the ones expect.json asks for. The burners are killed at the end.

The grader runs from a snapshot of chatkit/, grader/ and the corpus taken at the start, so
edits made to the kit meanwhile cannot change a run half-way. Exit status 0 when all runs
are identical, 1 when they are not.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

KIT = Path(__file__).resolve().parents[1]


def snapshot(target):
    """Copy what grading reads into `target`: the code, the corpus and its test module."""
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for package in ("chatkit", "grader"):
        shutil.copytree(KIT / package, target / package, ignore=ignore)
    shutil.copytree(KIT / "tests" / "corpus", target / "tests" / "corpus", ignore=ignore)
    shutil.copy(KIT / "tests" / "test_corpus.py", target / "tests" / "test_corpus.py")
    return target


def drive(kit, parallel, only):
    """One run, inside the snapshot: grade every folder, print one JSON document."""
    sys.path[:0] = [str(kit), str(kit / "tests")]
    from concurrent.futures import ThreadPoolExecutor

    import test_corpus
    from grader.engine.runner import Options, grade

    folders = [f for f in test_corpus.FOLDERS if not only or f.name in only]

    def one(folder):
        started = time.monotonic()
        result = grade(folder, Options(lang="en", workers=1))
        tracks = {t: (s["score"] if s["state"] == "graded" else None) for t, s in result.tracks.items()}
        return folder.name, {"score": result.score, "tcp": tracks["tcp"], "udp": tracks["udp"],
                             "fail": sorted(test_corpus.failed_ids(result)),
                             "errors": sorted(r.id for r in result.checks if r.status == "error"),
                             "reasons": {r.id: r.reason for r in result.checks
                                         if r.status in ("failed", "error")},
                             "seconds": round(time.monotonic() - started, 1)}

    with ThreadPoolExecutor(parallel) as pool:
        outcome = dict(pool.map(one, folders))
    print(json.dumps(outcome))


def start_burners(count):
    return [subprocess.Popen([sys.executable, "-c", "while True: pass"], stdin=subprocess.DEVNULL,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) for _ in range(count)]


def stop_burners(burners):
    for burner in burners:
        burner.kill()
    for burner in burners:
        burner.wait()


def grade_key(outcome):
    """What must not change from one run to the next."""
    return (outcome["score"], outcome["tcp"], outcome["udp"], tuple(outcome["fail"]), tuple(outcome["errors"]))


def expected_key(expect):
    return (expect["score"], expect["tcp"], expect["udp"], tuple(sorted(expect["fail"])), ())


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--parallel", type=int, default=2, help="folders graded at a time (one worker each)")
    p.add_argument("--burners", type=int, default=os.cpu_count() or 1, help="CPU burner processes")
    p.add_argument("--only", nargs="*", metavar="NAME", help="grade only these corpus folders")
    p.add_argument("--driver", metavar="KIT", help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.driver:
        drive(Path(args.driver), args.parallel, set(args.only or ()))
        return 0

    with tempfile.TemporaryDirectory(prefix="chatkit-determinism-") as temporary:
        kit = snapshot(Path(temporary))
        expectations = {f.name: json.loads((f / "expect.json").read_text(encoding="utf-8"))
                        for f in sorted((kit / "tests" / "corpus").iterdir()) if (f / "expect.json").is_file()}
        env = dict(os.environ, PYTHONPATH=str(kit), PYTHONDONTWRITEBYTECODE="1")
        command = [sys.executable, str(Path(__file__).resolve()), "--driver", str(kit),
                   "--parallel", str(args.parallel), *(["--only", *args.only] if args.only else [])]
        burners = start_burners(args.burners)
        runs, seconds = [], []
        try:
            for number in range(1, args.runs + 1):
                started = time.monotonic()
                done = subprocess.run(command, cwd=kit, env=env, capture_output=True, text=True)
                seconds.append(time.monotonic() - started)
                if done.returncode != 0:
                    print(done.stdout[-3000:] + done.stderr[-3000:])
                    print(f"run {number}: the driver failed (exit {done.returncode})")
                    return 2
                runs.append(json.loads(done.stdout.strip().splitlines()[-1]))
                print(f"run {number}: {len(runs[-1])} folders in {seconds[-1]:.1f} s", flush=True)
        finally:
            stop_burners(burners)

    names = sorted(runs[0])
    width = max(len(name) for name in names)
    print()
    print(f"{'folder':<{width}}  expect  " + "  ".join(f"run{n}" for n in range(1, len(runs) + 1))
          + "  same  as expected")
    identical = as_expected = True
    for name in names:
        keys = [grade_key(run[name]) for run in runs]
        same = all(key == keys[0] for key in keys)
        matches = all(key == expected_key(expectations[name]) for key in keys)
        identical &= same
        as_expected &= matches
        scores = "  ".join(f"{run[name]['score']:>4g}" for run in runs)
        print(f"{name:<{width}}  {expectations[name]['score']:>6g}  {scores}  {'yes' if same else 'NO':>4}  "
              f"{'yes' if matches else 'NO'}")
        if not same or not matches:
            for number, run in enumerate(runs, 1):
                print(f"{'':<{width}}    run {number}: fail {run[name]['fail']} errors {run[name]['errors']}")
                if grade_key(run[name]) != expected_key(expectations[name]):
                    for check, reason in sorted(run[name]["reasons"].items()):
                        print(f"{'':<{width}}        {check}: {reason[:300]}")
    print()
    print(f"{args.runs} runs of {len(names)} folders, {args.parallel} at a time with one worker each, "
          f"{args.burners} CPU burner(s) running throughout, on {os.cpu_count()} cores")
    print("run times: " + ", ".join(f"{s:.1f} s" for s in seconds))
    print(f"identical grades (score, track scores, failed checks) in every run: {'YES' if identical else 'NO'}")
    print(f"every run as expect.json says: {'YES' if as_expected else 'NO'}")
    return 0 if identical else 1


if __name__ == "__main__":
    sys.exit(main())
