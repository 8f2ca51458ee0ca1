"""Compare the reference server with a lecture-style server on every benchmark scenario.

    python benchmarks/compare_servers.py [--users 100] [--messages 10] [--runs 3]
                                         [--address-space 8] [--out benchmarks]

Runs `grader.tools.bench` on solutions/ and tests/corpus/lecture_style/ side by side (runs
alternate A B, B A, ...), then writes
  - results.md: a Markdown table of the medians and the ratios, the targets and verdicts;
  - results.png: a bar chart, when matplotlib is installed (pip install -e '.[plot]');
    otherwise the same chart is drawn in the terminal with rich.

Targets (issue 6), for 100 users x 10 messages of 64 bytes:
  - the reference loses nothing in any TCP scenario (UDP loss is measured, not a target);
  - its fan-out throughput is at least 0.6x the lecture-style server's (aim: 1.0x).
The exit status is 1 when a target is missed, so the script can gate a release by hand.

On a shared machine the absolute figures move with the neighbours' load; the ratios of
runs taken side by side are what to trust.

--address-space: the servers run under the grader's own address-space cap
(grader/limits.py CHILD_MEMORY_BYTES) unless this sets another one, in GiB. Every thread
reserves 8 MiB of stack of it whether it uses it or not, so the cap decides how many
users a thread-per-user server can take.
"""
import argparse
import datetime
import json
import os
import platform
import sys
from pathlib import Path

KIT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(KIT))

from grader.engine import limits  # noqa: E402  (after the path is set, so the script runs from anywhere)
from grader.tools.bench import cli, measure, plan, summary  # noqa: E402

REFERENCE = KIT / "solutions"
LECTURE = KIT / "tests" / "corpus" / "lecture_style"
FANOUT_TARGET = 0.6   # the reference's fan-out throughput, as a share of the lecture-style server's
FANOUT_AIM = 1.0


def parse(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--users", type=int, default=100)
    p.add_argument("--messages", type=int, default=10)
    p.add_argument("--size", type=int, default=64)
    p.add_argument("--runs", type=int, default=3, help="runs per server and scenario (default 3)")
    p.add_argument("--scenario", nargs="+", choices=plan.SCENARIOS, default=list(plan.SCENARIOS))
    p.add_argument("--address-space", type=float, default=None, metavar="GIB",
                   help="the servers' address-space cap in GiB (default: grading's own, see above)")
    p.add_argument("--out", type=Path, default=KIT / "benchmarks", help="where results.md and results.png go")
    p.add_argument("--json", type=Path, help="also write every figure of every run here")
    return p.parse_args(argv)


def label(folder):
    return "reference" if Path(folder) == REFERENCE else "lecture-style"


# --- verdicts ----------------------------------------------------------------------------

def verdicts(report):
    """[(passed, sentence)] for each target of the issue."""
    ref, lec = str(REFERENCE), str(LECTURE)
    lines = []
    for scenario, entry in report["scenarios"].items():
        s = entry[ref]
        if scenario == "udp":
            if s.get("runs"):
                lines.append((True, f"udp: the reference lost {100 * s['loss']:.1f}% of deliveries "
                                    f"({s['lost']:,} of {s['expected']:,}); measured, not a target"))
            continue
        if not s.get("runs"):
            lines.append((False, f"{scenario}: the reference was not measured: {s.get('error') or s.get('skipped')}"))
            continue
        ok = s["lost"] == 0 and s["duplicates"] == 0 and s["kept_going"]
        lines.append((ok, f"{scenario}: the reference lost {s['lost']:,} of {s['expected']:,} deliveries, "
                          f"{s['duplicates']} duplicates (target: none)"))
    if "fan-out" in report["scenarios"]:
        r = report["scenarios"]["fan-out"].get("ratio", {}).get("deliveries_per_s")
        if r is None:
            lines.append((False, "fan-out: no throughput ratio (a server was not measured)"))
        else:
            a = report["scenarios"]["fan-out"][ref]["deliveries_per_s"]
            b = report["scenarios"]["fan-out"][lec]["deliveries_per_s"]
            aim = "meets the aim of 1.0x" if r >= FANOUT_AIM else f"below the aim of {FANOUT_AIM:.1f}x"
            lines.append((r >= FANOUT_TARGET,
                          f"fan-out: the reference reached {r:.2f}x the lecture-style throughput "
                          f"({a:,.0f} vs {b:,.0f} deliveries/s; target {FANOUT_TARGET}x, {aim})"))
    return lines


# --- the Markdown table ------------------------------------------------------------------

def cell(value, digits=0):
    return "—" if value is None else f"{value:,.{digits}f}"


def ratio_cell(value):
    return "—" if value is None else f"{value:.2f}×"


def markdown(report, args, command):
    settings = report["settings"]
    lines = [
        "# Reference vs lecture-style server under load",
        "",
        f"Written by `{command}` on {datetime.date.today().isoformat()}: "
        f"{os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()}.",
        "",
        f"Load: {settings['users']} users x {settings['messages']} messages of {settings['size']} bytes "
        f"(stuck-reader: {plan.STUCK_TALKERS} talkers, {settings['window']} rounds in flight, and one user "
        f"who never reads; cyrillic-burst: "
        f"{plan.CYRILLIC_BYTES}-byte lines of 2-byte letters). Medians of {settings['runs']} runs per server, "
        f"the two servers alternating. Servers' address-space cap: "
        f"{cell(args.address_space or limits.CHILD_MEMORY_BYTES / 2 ** 30, 0)} GiB "
        f"(grading's: {limits.CHILD_MEMORY_BYTES / 2 ** 30:g} GiB).",
        "",
        "**Trust the ratios, not the absolute figures:** on a shared machine the figures move with the "
        "neighbours' load, while runs taken side by side move together.",
        "",
        "| scenario | server | deliveries/s | lost | dups | p50 ms | p99 ms | max ms | RSS MB | threads | outcome |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for scenario, entry in report["scenarios"].items():
        for folder in report["servers"]:
            s = entry[folder]
            if s.get("runs"):
                lost = "0" if not s["lost"] else f"{s['lost']:,} ({100 * s['loss']:.1f}%)"
                figures = [cell(s["deliveries_per_s"]), lost, str(s["duplicates"]), cell(s["p50"], 1),
                           cell(s["p99"], 1), cell(s["max"], 1), cell(s["peak_rss_mb"], 1),
                           cell(s["peak_threads"])]
            else:
                figures = ["—"] * 8
            outcome = summary.outcome(s, "en").replace("|", "/")
            lines.append(f"| {scenario} | {label(folder)} | " + " | ".join(figures) + f" | {outcome} |")
        r = entry.get("ratio", {})
        lines.append(f"| {scenario} | *ratio* | {ratio_cell(r.get('deliveries_per_s'))} | | | "
                     f"{ratio_cell(r.get('p50'))} | {ratio_cell(r.get('p99'))} | {ratio_cell(r.get('max'))} | "
                     f"{ratio_cell(r.get('peak_rss_mb'))} | {ratio_cell(r.get('peak_threads'))} | |")
    lines += ["", "Ratios: the median of the ratios reference / lecture-style of runs taken side by side. "
              "Deliveries/s run from the first send to the last delivery, so a run that stalled or lost deliveries has a rate that is not comparable; "
              "stuck-reader's rate is also paced by its window.", "", "## Targets (issue 6)", ""]
    lines += [f"- {'✅' if ok else '❌'} {text}" for ok, text in verdicts(report)]
    lines.append("")
    return "\n".join(lines)


# --- the chart ---------------------------------------------------------------------------

def chart_rows(report):
    """(scenario, server label, deliveries/s, delivered %) for every measured pair."""
    rows = []
    for scenario, entry in report["scenarios"].items():
        for folder in report["servers"]:
            s = entry[folder]
            if s.get("runs"):
                rows.append((scenario, label(folder), s["deliveries_per_s"] or 0.0, 100 * (1 - s["loss"])))
    return rows


def plot_png(report, path):
    """Two panels of grouped bars: throughput and share delivered. False without matplotlib."""
    try:
        import matplotlib
    except ImportError:
        return False
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    rows = chart_rows(report)
    scenarios = list(dict.fromkeys(row[0] for row in rows))
    servers = ("reference", "lecture-style")
    width = 0.38
    figure, (top, bottom) = plt.subplots(2, 1, figsize=(9, 7), sharex=True)
    for n, server in enumerate(servers):
        values = {row[0]: row for row in rows if row[1] == server}
        xs = [i + (n - 0.5) * width for i in range(len(scenarios))]
        rates = top.bar(xs, [values[s][2] if s in values else 0 for s in scenarios], width, label=server)
        bottom.bar(xs, [values[s][3] if s in values else 0 for s in scenarios], width, label=server)
        for bar, scenario, x in zip(rates, scenarios, xs):
            if scenario not in values:
                bottom.text(x, 2, "n/a", ha="center", va="bottom", fontsize=8)
            elif values[scenario][3] < 100:
                bar.set_hatch("//")  # a rate until a stall or a loss: not comparable
    top.set_ylabel("deliveries per second (median)")
    top.set_yscale("log")
    top.legend()
    top.set_title("Reference vs lecture-style server: ratios are what to trust")
    bottom.set_ylabel("delivered, % of expected")
    bottom.set_ylim(0, 105)
    bottom.set_xticks(range(len(scenarios)), scenarios)
    figure.text(0.01, 0.005, "hatched: not everything was delivered, so the rate is not comparable; "
                "stuck-reader's rate is paced by its window", fontsize=8)
    figure.tight_layout(rect=(0, 0.02, 1, 1))
    figure.savefig(path, dpi=110)
    plt.close(figure)
    return True


def plot_terminal(report, console):
    """The same chart as rich bars: throughput scaled to the fastest, and the share delivered."""
    from rich.table import Table

    rows = chart_rows(report)
    top = max((row[2] for row in rows), default=0) or 1
    table = Table(title="deliveries/s (bar) and delivered %", title_justify="left", box=None)
    for name in ("scenario", "server", "deliveries/s", "", "delivered"):
        table.add_column(name, justify="right" if name in ("deliveries/s", "delivered") else "left")
    for scenario, server, rate, delivered in rows:
        colour = "green" if server == "reference" else "yellow"
        # A rate until a stall or a loss is not comparable: drawn light.
        bar = ("█" if delivered >= 100 else "░") * max(1, round(30 * rate / top)) if rate else ""
        table.add_row(scenario, server, f"{rate:,.0f}", f"[{colour}]{bar}[/]",
                      f"[{'green' if delivered >= 100 else 'red'}]{delivered:.1f}%[/]")
    console.print(table)
    console.print("░: not everything was delivered, the rate is not comparable")


def main(argv=None):
    from rich.console import Console

    args = parse(argv)
    console = Console(highlight=False)
    settings = plan.Settings(users=args.users, messages=args.messages, size=args.size, lang="en",
                              address_space_gib=args.address_space)
    with cli.LiveBench(console, "en") as live:
        report = measure.bench([REFERENCE, LECTURE], args.scenario, settings, args.runs, on_start=live.on_start,
                             on_progress=live.on_progress, on_done=live.on_done)
    console.print(summary.summary_table(report, "en"))
    command = "python benchmarks/compare_servers.py " + " ".join(argv if argv is not None else sys.argv[1:])
    args.out.mkdir(parents=True, exist_ok=True)
    table_path = args.out / "results.md"
    table_path.write_text(markdown(report, args, command.strip()), encoding="utf-8")
    console.print(f"Markdown table: {table_path}")
    png = args.out / "results.png"
    if plot_png(report, png):
        console.print(f"Chart: {png}")
    else:
        plot_terminal(report, console)
        console.print("(install the plot extra, pip install -e '.[plot]', for a PNG chart)")
    if args.json:
        args.json.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    results = verdicts(report)
    for ok, text in results:
        console.print(f"[{'green' if ok else 'red'}]{'PASS' if ok else 'MISS'}[/] {text}")
    return 0 if all(ok for ok, _ in results) else 1


if __name__ == "__main__":
    sys.exit(main())
