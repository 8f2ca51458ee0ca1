"""The benchmark's figures: medians and ratios of the runs, and how a reader sees them."""
import statistics
from pathlib import Path

from grader.messages import say
from grader.tools.bench.plan import RUN_SECONDS, Ending


FIGURES = ("deliveries_per_s", "p50", "p99", "max", "peak_rss_mb", "peak_threads")


def figure(run, name):
    if name in ("p50", "p99", "max"):
        return (run.get("latency_ms") or {}).get(name)
    return run.get(name)


def summarize(runs):
    """Medians of the measured runs of one server on one scenario, and the worst loss."""
    measured = [run for run in runs if "delivered" in run]
    if not measured:
        first = runs[0] if runs else {}
        return {"runs": 0, "skipped": first.get("skipped"), "error": first.get("error")}
    summary: dict = {"runs": len(measured)}
    for name in FIGURES:
        values = [figure(run, name) for run in measured if figure(run, name) is not None]
        summary[name] = round(statistics.median(values), 2) if values else None
    worst = max(measured, key=lambda run: run["lost"])
    summary.update({"expected": worst["expected"], "lost": worst["lost"], "loss": worst["loss"],
                    "duplicates": max(run["duplicates"] for run in measured),
                    "kept_going": all(run["kept_going"] for run in measured),
                    "ending": worst["ending"], "last_delivery_s": worst["last_delivery_s"],
                    "disconnected": max(run["disconnected"] for run in measured)})
    for key in ("stuck_dropped", "udp_drops"):
        if key in worst:
            summary[key] = worst[key]
    failed = [run for run in runs if run.get("ending") == Ending.ERROR]
    if failed:
        summary["failed_runs"] = len(failed)
        summary["failure"] = failed[0]["error"]
    return summary


def ratio(a, b):
    if a is None or b is None or not b:
        return None
    return round(a / b, 3)


def pair_ratios(runs_a, runs_b):
    """For each figure, the median of the ratios A/B of the runs taken side by side.

    Run k of A and run k of B ran one right after the other, under the same neighbours'
    load: their ratio cancels most of that load, which the ratio of two medians does not.
    """
    pairs = [(a, b) for a, b in zip(runs_a, runs_b) if "delivered" in a and "delivered" in b]
    ratios = {}
    for name in FIGURES:
        values = [ratio(figure(a, name), figure(b, name)) for a, b in pairs]
        values = [value for value in values if value is not None]
        ratios[name] = round(statistics.median(values), 3) if values else None
    return ratios


def short_name(folder, other=None):
    """A folder's last part, or more of its path when another folder (or one of a list of
    them) would look the same."""
    path = Path(folder)
    others = [] if other is None else [other] if isinstance(other, (str, Path)) else list(other)
    if any(Path(o).name == path.name and Path(o) != path for o in others):
        return str(path)
    return path.name or str(path)


def outcome(summary, lang, scenario=None):
    """One phrase: how the run ended."""
    if summary.get("skipped"):
        return say("bench.skipped", lang, why=summary["skipped"])
    if summary.get("error"):
        return say("bench.error", lang, why=summary["error"])
    ending = summary["ending"]
    parts = []
    if ending == Ending.COMPLETE:
        parts.append(say("bench.ending.complete", lang))
    elif ending == Ending.STALLED:
        parts.append(say("bench.ending.stalled", lang, s=summary["last_delivery_s"]))
    elif ending == Ending.CLOSED:
        parts.append(say("bench.ending.closed", lang))
    elif ending == Ending.SURVIVORS:
        parts.append(say("bench.ending.survivors", lang))
    elif ending == Ending.QUIET:
        drops = summary.get("udp_drops") or {}
        parts.append(say("bench.ending.quiet", lang))
        if drops.get("server") is not None:
            parts.append(say("bench.udp_where", lang, server=_num(drops["server"]), users=_num(drops["users"])))
    else:
        parts.append(say("bench.ending.timeout", lang, s=RUN_SECONDS))
    if summary.get("disconnected") and ending != Ending.CLOSED:
        parts.append(say("bench.dropped", lang, n=summary["disconnected"]))
    if summary.get("stuck_dropped"):
        parts.append(say("bench.stuck_dropped", lang))
    if summary.get("failed_runs"):
        parts.append(say("bench.failed_runs", lang, n=summary["failed_runs"], why=summary["failure"]))
    return "; ".join(parts)


def _num(value, digits=0):
    if value is None:
        return "—"
    return f"{value:,.{digits}f}".replace(",", " ")


def _loss(summary):
    """Lost deliveries as a share of the expected: "0", or "93.4%" with the count in the JSON."""
    if summary.get("runs", 0) == 0:
        return "—"
    if not summary["lost"]:
        return "0"
    share = 100 * summary["loss"]
    return f"{share:.1f}%" if share >= 0.1 else f"{share:.3f}%"


def _ms(value):
    if value is None:
        return "—"
    return f"{value:.1f}" if value < 10 else f"{value:.0f}"


def _latency(summary):
    return "/".join(_ms(summary.get(name)) for name in ("p50", "p99", "max"))


def _ratio(value):
    return "—" if value is None else f"{value:.2f}×"


def _add_server_row(table, scenario, folder, folders, s, wide, lang):
    """A server's medians for one scenario: green when nothing was lost or doubled, else red."""
    compare = len(folders) > 1
    measured = s.get("runs", 0) > 0
    style = "" if not measured else ("green" if s["lost"] == 0 and s["duplicates"] == 0 else "red")
    name = " " + short_name(folder, folders) if compare else scenario
    cells = ([_num(s["deliveries_per_s"]), _loss(s), _num(s["duplicates"]), _latency(s),
              _num(s["peak_rss_mb"], 1), _num(s["peak_threads"])] if measured else ["—"] * 6)
    table.add_row(name, *cells, *([outcome(s, lang)] if wide else []), style=style)


def _ratio_latency(r):
    """"1.20/0.95/1.10×": the latency ratios p50/p99/max, "—" where one is missing."""
    latency = "/".join("—" if r[name] is None else f"{r[name]:.2f}" for name in ("p50", "p99", "max"))
    return "—" if r["p50"] is None else latency + "×"


def _add_ratio_rows(table, entry, folders, wide, lang):
    """The first server's figures over each other one's, the scenario's last rows."""
    compare = len(folders) > 1
    ratios = entry.get("ratios") or ({folders[1]: entry["ratio"]} if compare else {})
    for index, (other, r) in enumerate(ratios.items()):
        # "ratio / asyncio_chat": the first folder over this one (the line above names the first).
        label = say("bench.ratio", lang) + (f" / {short_name(other, folders)}" if len(folders) > 2 else "")
        table.add_row(" " + label, _ratio(r["deliveries_per_s"]), "", "", _ratio_latency(r),
                      _ratio(r["peak_rss_mb"]), _ratio(r["peak_threads"]), *([""] if wide else []),
                      style="bold", end_section=index == len(ratios) - 1)


def summary_table(report, lang="ru", wide=True):
    """A rich table of the medians, and the ratios when several servers were compared.

    With several servers each scenario gets a heading row, then a row per server and one
    for the ratios of the first server to each other one. `wide` adds the outcome as a last column; otherwise see outcome_lines().
    """
    from rich.table import Table

    folders = report["servers"]
    compare = len(folders) > 1
    table = Table(title=say("bench.title", lang), title_justify="left", pad_edge=False, show_edge=False)
    table.add_column(say("bench.col.scenario", lang), no_wrap=True)
    for key in ("rate", "lost", "dups", "latency", "rss", "threads"):
        table.add_column(say(f"bench.col.{key}", lang), justify="right", no_wrap=True)
    if wide:
        table.add_column(say("bench.col.outcome", lang))
    blank = [""] * (7 if wide else 6)
    for scenario, entry in report["scenarios"].items():
        if compare:
            table.add_row(scenario, *blank, style="bold")
        for folder in folders:
            _add_server_row(table, scenario, folder, folders, entry[folder], wide, lang)
        _add_ratio_rows(table, entry, folders, wide, lang)
    return table


def outcome_lines(report, lang="ru"):
    """How each run ended, one line per scenario and server: for a table too narrow to hold it."""
    folders = report["servers"]
    for scenario, entry in report["scenarios"].items():
        for folder in folders:
            name = f"{scenario} · {short_name(folder, folders if len(folders) > 1 else None)}"
            yield f"{name}: {outcome(entry[folder], lang)}"


def run_line(run, lang):
    """One line for the log of finished runs."""
    name = Path(run["server"]).name
    head = f"{run['scenario']} · {name}" + (f" · #{run['run']}" if "run" in run else "")
    if "skipped" in run:
        return f"{head}: {say('bench.skipped', lang, why=run['skipped'])}"
    if "error" in run:
        return f"{head}: {say('bench.error', lang, why=run['error'])}"
    return f"{head}: " + say("bench.run_line", lang, rate=_num(run["deliveries_per_s"]), lost=_num(run["lost"]),
                              expected=_num(run["expected"]), p99=_ms(run["latency_ms"]["p99"]),
                              rss=_num(run["peak_rss_mb"], 1), threads=run["peak_threads"],
                              outcome=outcome(summarize([run]), lang))
