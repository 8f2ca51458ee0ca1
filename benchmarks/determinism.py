"""Grade the whole corpus several times in a row on a loaded machine: are the grades identical?

    python benchmarks/determinism.py [--runs 5] [--parallel 2] [--workers 1] [--burners N] [--only NAME ...]
                                     [--folder PATH ...] [--reports]

Starts N CPU burners (`python -c "while True: pass"`, one per core by default) for the
whole duration, then grades every folder of tests/corpus/ --runs times in a row, --parallel
folders at a time with one worker each, exactly as tests/test_corpus.py does. Prints each
folder's score and failed checks per run, whether every run gave the same grades, and
whether they are the ones expect.json asks for, and whether each folder's report (the
English report a student reads, with the run's own clock and ports masked: the time line,
each transcript event's moment, the port numbers the system chose) was the same in every
run, with the first difference when it was not. The burners are killed at the end.
--folder adds submissions from elsewhere, with no expect.json (benchmarks/racy/: races that
fire in nearly every run, whose checks the grader runs again, calm: grader/engine/races.py).

The grader runs from a snapshot of chatkit/, grader/ and the corpus taken at the start, so
edits made to the kit meanwhile cannot change a run half-way. Exit status 0 when all runs
gave identical grades (with --reports: and identical reports), 1 when they did not.
"""
import argparse
import difflib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

KIT = Path(__file__).resolve().parents[1]
MOMENT = re.compile(r"\b\d+\.\d{3}\b")   # a transcript event's time ("  0.412  received ...")
PORT = re.compile(r"\b[1-6]?\d{4}\b")      # a port the system chose (port 0): "listens on port 43801"


def without_clock(report):
    """The report as it must be the same in every run: its moments are the run's own timing,
    its ports the system's choice."""
    return PORT.sub("#####", MOMENT.sub("#.###", report))


def snapshot(target):
    """Copy what grading reads into `target`: the code, the corpus and its test module."""
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for package in ("chatkit", "grader"):
        shutil.copytree(KIT / package, target / package, ignore=ignore)
    shutil.copytree(KIT / "tests" / "corpus", target / "tests" / "corpus", ignore=ignore)
    shutil.copy(KIT / "tests" / "test_corpus.py", target / "tests" / "test_corpus.py")
    return target


def copy_extra(folders, target):
    """Copy the --folder submissions into `target`/extra; return their copies."""
    copies = []
    for folder in folders:
        copy = target / "extra" / Path(folder).resolve().name
        shutil.copytree(folder, copy, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        copies.append(copy)
    return copies


def drive(kit, parallel, only, extra=(), workers=1):
    """One run, inside the snapshot: grade every folder, print one JSON document."""
    sys.path[:0] = [str(kit), str(kit / "tests")]
    from concurrent.futures import ThreadPoolExecutor

    from dataclasses import replace

    import test_corpus
    from grader.engine.runner import Options, grade
    from grader.report.terminal import plain, render

    folders = [f for f in test_corpus.FOLDERS if not only or f.name in only] + [Path(f) for f in extra]

    def one(folder):
        started = time.monotonic()
        result = grade(folder, Options(lang="en", workers=workers))
        report = without_clock(plain(lambda console: render(replace(result, execution_time=0.0), console, "en",
                                                            feedback=True)))
        tracks = {t: (s["score"] if s["state"] == "graded" else None) for t, s in result.tracks.items()}
        return folder.name, {"score": result.score, "tcp": tracks["tcp"], "udp": tracks["udp"],
                             "fail": sorted(test_corpus.failed_ids(result)),
                             "errors": sorted(r.id for r in result.checks if r.status == "error"),
                             # run again after a failure a race may have caused (grader/engine/races.py)
                             "unstable": sorted(r.id for r in result.checks if r.unstable),
                             "rerun": sorted(r.id for r in result.checks if r.runs),
                             "reasons": {r.id: r.reason for r in result.checks
                                         if r.status in ("failed", "error")},
                             "report": report,
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
    p.add_argument("--parallel", type=int, default=2, help="folders graded at a time")
    p.add_argument("--workers", type=int, default=1, help="workers per folder (1, as tests/test_corpus.py; a student's run: 2)")
    p.add_argument("--reports", action="store_true", help="the exit status also asks for identical reports")
    p.add_argument("--burners", type=int, default=os.cpu_count() or 1, help="CPU burner processes")
    p.add_argument("--only", nargs="*", metavar="NAME", help="grade only these corpus folders")
    p.add_argument("--folder", action="append", default=[], metavar="PATH",
                   help="also grade this submission (no expect.json), e.g. benchmarks/racy/dict_walk_slow_log")
    p.add_argument("--driver", metavar="KIT", help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.driver:
        drive(Path(args.driver), args.parallel, set(args.only or ()), args.folder, args.workers)
        return 0

    with tempfile.TemporaryDirectory(prefix="chatkit-determinism-") as temporary:
        kit = snapshot(Path(temporary))
        extra = copy_extra(args.folder, kit)
        expectations = {f.name: json.loads((f / "expect.json").read_text(encoding="utf-8"))
                        for f in sorted((kit / "tests" / "corpus").iterdir()) if (f / "expect.json").is_file()}
        env = dict(os.environ, PYTHONPATH=str(kit), PYTHONDONTWRITEBYTECODE="1")
        command = [sys.executable, str(Path(__file__).resolve()), "--driver", str(kit),
                   "--parallel", str(args.parallel), "--workers", str(args.workers),
                   *(["--only", *args.only] if args.only else []),
                   *[f"--folder={folder}" for folder in extra]]
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
          + "  same  as expected  reports")
    identical = as_expected = same_reports = True
    report_diffs = []
    for name in names:
        keys = [grade_key(run[name]) for run in runs]
        same = all(key == keys[0] for key in keys)
        expected = expectations.get(name)
        matches = expected is None or all(key == expected_key(expected) for key in keys)
        identical &= same
        reports = [run[name]["report"] for run in runs]
        other = next((n for n, report in enumerate(reports) if report != reports[0]), None)
        if other is not None:
            same_reports = False
            report_diffs.append((name, other + 1, list(difflib.unified_diff(
                reports[0].splitlines(), reports[other].splitlines(), "run 1", f"run {other + 1}", lineterm="", n=1))))
        as_expected &= matches
        scores = "  ".join(f"{run[name]['score']:>4g}" for run in runs)
        print(f"{name:<{width}}  {expected['score'] if expected else '-':>6}  {scores}  {'yes' if same else 'NO':>4}  "
              f"{('yes' if matches else 'NO') if expected else '-':>11}  {len(set(reports)):>7}")
        if not same or not matches:
            for number, run in enumerate(runs, 1):
                print(f"{'':<{width}}    run {number}: fail {run[name]['fail']} errors {run[name]['errors']}")
                if expected is None or grade_key(run[name]) != expected_key(expected):
                    for check, reason in sorted(run[name]["reasons"].items()):
                        print(f"{'':<{width}}        {check}: {reason[:300]}")
    print()
    for name, number, diff in report_diffs:
        print(f"{name}: the report of run {number} differs from run 1's:")
        print("\n".join("    " + line for line in diff[:40]) + ("\n    …" if len(diff) > 40 else ""))
    print()
    print(f"{args.runs} runs of {len(names)} folders, {args.parallel} at a time with {args.workers} worker(s) each, "
          f"{args.burners} CPU burner(s) running throughout, on {os.cpu_count()} cores")
    print("run times: " + ", ".join(f"{s:.1f} s" for s in seconds))
    reruns = [(number, name, run[name].get("rerun", [])) for number, run in enumerate(runs, 1)
              for name in names if run[name].get("rerun")]
    for number, name, ids in reruns:
        unstable = runs[number - 1][name].get("unstable", [])
        print(f"run {number}: {name}: run again after a race {', '.join(ids)}; unstable (scored as passed): "
              f"{', '.join(unstable) or 'none'}")
    print(f"checks run again after a race: {len(reruns)} folder-runs; marked unstable: "
          f"{sum(len(runs[n - 1][name].get('unstable', [])) for n, name, _ in reruns)} checks")
    print(f"identical grades (score, track scores, failed checks) in every run: {'YES' if identical else 'NO'}")
    print(f"every run as expect.json says: {'YES' if as_expected else 'NO'}")
    print(f"identical reports in every run: {'YES' if same_reports else 'NO'}")
    return 0 if identical and (same_reports or not args.reports) else 1


if __name__ == "__main__":
    sys.exit(main())
