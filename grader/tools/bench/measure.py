"""One measured run of one scenario against one server, and the series of runs `bench()` makes."""
import socket
from dataclasses import asdict
from pathlib import Path

from chatkit.ports import free_port
from grader.engine.roles import find_roles
from grader.engine import limits
from grader.messages import say
from grader.chat.transcript import Scenario, StartFailure
from grader.sandbox.child import Child, PortTaken
from grader.tools.bench.driver import JoinError, Load
from grader.tools.bench.plan import SYNC_SECONDS, Ending, plan_for
from grader.tools.bench.sampler import Sampler, udp_drops
from grader.tools.bench.summary import pair_ratios, summarize


def percentile(values, fraction):
    if not values:
        return None
    return values[min(len(values) - 1, int(fraction * len(values)))]


def memory_bytes(settings):
    """The address-space cap (RLIMIT_AS) for the server: --address-space, else grading's own.

    The sandbox caps a child's address space, and every thread reserves its whole stack
    (8 MiB) and often a malloc arena (64 MiB) of it, however little it uses: a server with a
    thread or two per user hits the cap long before its memory is full.
    """
    gib = settings.address_space_gib
    return int(gib * 2**30) if gib is not None else limits.CHILD_MEMORY_BYTES


def server_trouble(child, lang, cap_bytes=limits.CHILD_MEMORY_BYTES):
    """What went wrong on the server's side, in one phrase, or None if nothing did."""
    if child is None:
        return None
    errors = child.stderr.text()
    if child.exited():
        trouble = child.describe_exit(lang)
    elif errors.strip():
        trouble = child.last_error()
    else:
        return None
    if "can't start new thread" in errors:
        gib = cap_bytes / 2**30
        trouble += " — " + say("bench.no_threads", lang, gib=gib)
    return trouble


def skipped(plan, folder, why):
    return {"scenario": plan.scenario, "server": str(folder), "transport": plan.transport,
            "skipped": why}


def measure(folder, scenario, settings, on_progress=None):
    """Run one scenario once against the server in `folder`; return every figure as a dict."""
    plan = plan_for(scenario, settings)
    folder = Path(folder)
    lang = settings.lang
    module = find_roles(folder).files.get(plan.module)   # server.py, udp_chat_server.py...: found by its code
    if module is None:
        return skipped(plan, folder, say("bench.no_module", lang, module=plan.module))
    kind = socket.SOCK_DGRAM if plan.transport == "udp" else socket.SOCK_STREAM
    port = free_port(kind)
    record = {"scenario": scenario, "server": str(folder), "transport": plan.transport,
              "users": plan.talkers, "stuck_users": plan.stuck, "messages": plan.messages,
              "size": plan.size, "expected": plan.expected}
    book = Scenario(lang)  # the sandbox's bookkeeping: processes and their cleanup
    load = sampler = child = None
    try:
        child = Child(book, folder, module, port, memory_bytes=memory_bytes(settings))
        child.wait_ready(plan.transport)
        sampler = Sampler(child.proc.pid).start()
        load = Load(plan, port, settings, on_progress)
        load.start_reader()
        load.join_all()
        if not load.sync():
            raise JoinError(say("bench.sync_failed", lang, s=SYNC_SECONDS))
        ending = load.run()
        if plan.transport == "udp":
            record["udp_drops"] = {"server": udp_drops([port]),
                                   "users": udp_drops(sock.getsockname()[1] for sock in load.users)}
        stuck_dropped = load.stuck_dropped() if plan.stuck else None
        server_error = server_trouble(child, lang, memory_bytes(settings))
    except (StartFailure, JoinError, PortTaken) as error:
        record["error"] = _failure(error, child, lang, settings)
        record["ending"] = Ending.ERROR
        return record
    finally:
        if load is not None:
            load.close()
        if sampler is not None:
            sampler.stop()  # a last sample while the server is still alive
        book.close()  # kills the server and everything it started

    record.update(_figures(plan, load, sampler, ending))
    _add_when_asked(record, plan, load, server_error, stuck_dropped)
    return record


def _failure(error, child, lang, settings):
    """The run's error: the reason, and for a join that failed what the server said."""
    reason = getattr(error, "reason", None) or str(error)
    trouble = server_trouble(child, lang, memory_bytes(settings)) if isinstance(error, JoinError) else None
    return f"{reason} ({trouble})" if trouble else reason


def _figures(plan, load, sampler, ending):
    """Every figure of a run that ended: deliveries, losses, timings, latency, the server's peaks."""
    tally = load.tally
    latencies = sorted(tally.latencies_ns)
    elapsed_s = load.elapsed_ns / 1e9
    # Throughput runs from the first send to the last delivery, not to when the run was
    # declared over (an idle wait would otherwise count as work).
    busy_s = ((tally.last_delivery - load.t0_ns) / 1e9) if tally.last_delivery else elapsed_s
    lost = plan.expected - tally.delivered
    return {
        "delivered": tally.delivered,
        "lost": lost,
        "loss": round(lost / plan.expected, 6) if plan.expected else 0.0,
        "duplicates": tally.duplicates,
        "echoes": tally.echoes,
        "send_errors": load.send_errors,
        "disconnected": len(load.closed | load.dead),   # the server ended them: EOF, or a send failed
        "ending": ending,
        "kept_going": ending in Ending.KEPT_GOING,
        "last_delivery_s": round(busy_s, 3),
        "join_s": round(load.join_seconds, 3),
        "send_s": round(load.send_ns / 1e9, 3) if load.send_ns else None,
        "elapsed_s": round(elapsed_s, 3),
        "deliveries_per_s": round(tally.delivered / busy_s, 1) if busy_s > 0 else 0.0,
        "latency_ms": {name: (round(percentile(latencies, q) / 1e6, 2) if latencies else None)
                       for name, q in (("p50", 0.5), ("p99", 0.99), ("max", 1.0))},
        "peak_rss_mb": round(sampler.peak_rss_kb / 1024, 1),
        "peak_threads": sampler.peak_threads,
    }


def _add_when_asked(record, plan, load, server_error, stuck_dropped):
    """The figures only some runs have: the server's error, stuck users dropped, churn."""
    if server_error:
        record["server_error"] = server_error
    if plan.stuck:
        record["stuck_dropped"] = stuck_dropped
    if plan.churn:
        record["churn_cycles"] = load.churn_cycles
        record["churn_errors"] = load.churn_errors


def bench(folders, scenarios, settings, runs=1, on_start=None, on_progress=None, on_done=None):
    """Measure every scenario on each folder `runs` times, turning the folders' order.

    Round k runs every folder once, one right after the other: A B, B A for two folders,
    A B C, B C A, C A B for three, so each takes every place in turn. Returns the whole
    report as a dict: the settings, every run, and per scenario the medians of each folder,
    and for several folders, under "ratios", the side-by-side ratios of the first folder
    to each other one ("ratio": to the second, as before).
    """
    folders = [str(folder) for folder in folders]
    report = {"settings": {**asdict(settings), "runs": runs, "scenarios": list(scenarios)},
              "servers": folders, "runs": [], "scenarios": {}}
    for scenario in scenarios:
        by_folder: dict[str, list] = {folder: [] for folder in folders}
        for k in range(runs):
            shift = k % len(folders)
            order = folders[shift:] + folders[:shift]
            for folder in order:
                if by_folder[folder] and "skipped" in by_folder[folder][0]:
                    continue  # nothing to repeat
                if on_start:
                    on_start(scenario, folder, k, runs)
                run = measure(folder, scenario, settings, on_progress)
                run["run"] = k + 1
                report["runs"].append(run)
                by_folder[folder].append(run)
                if on_done:
                    on_done(run)
        entry = {folder: summarize(by_folder[folder]) for folder in folders}
        if len(folders) > 1:
            entry["ratios"] = {other: pair_ratios(by_folder[folders[0]], by_folder[other]) for other in folders[1:]}
            entry["ratio"] = entry["ratios"][folders[1]]
        report["scenarios"][scenario] = entry
    if len(folders) > 1:
        report["note"] = say("bench.trust", "en")
    return report
