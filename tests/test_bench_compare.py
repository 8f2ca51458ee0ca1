"""The benchmark side by side: several servers in one run, each in every place in turn, and
the driver's counting when tokens are cut anywhere. Outcomes only, never speed."""
import json
import os
import subprocess
import sys
from pathlib import Path

from grader.tools.bench import measure, plan
from grader.tools.bench.summary import short_name
from grader.tools.bench.tally import Tally

KIT = Path(__file__).resolve().parents[1]
SERVERS = [KIT / "solutions", KIT / "tests" / "corpus" / "lecture_style", KIT / "benchmarks" / "peers" / "asyncio_chat"]


def test_three_servers_run_side_by_side_and_each_gets_its_ratio(tmp_path):
    out = tmp_path / "bench.json"
    done = subprocess.run([sys.executable, "-m", "grader", "bench", SERVERS[0], "--compare", *SERVERS[1:],
                           "--scenario", "fan-out", "--users", "4", "--messages", "3", "--runs", "3",
                           "--lang", "en", "--json", out], cwd=KIT, env=dict(os.environ, COLUMNS="160"),
                          capture_output=True, text=True, encoding="utf-8", timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    report = json.loads(out.read_text(encoding="utf-8"))
    servers = [str(s) for s in SERVERS]
    assert report["servers"] == servers
    order = [Path(run["server"]).name for run in report["runs"]]
    names = [s.name for s in SERVERS]
    # Round k starts with the k-th server: every server takes every place once.
    assert order == names + names[1:] + names[:1] + names[2:] + names[:2]
    entry = report["scenarios"]["fan-out"]
    assert set(entry["ratios"]) == set(servers[1:]) and entry["ratio"] == entry["ratios"][servers[1]]
    for ratios in entry["ratios"].values():
        assert ratios["deliveries_per_s"] is not None
    for server in servers:
        assert entry[server]["lost"] == 0 and entry[server]["duplicates"] == 0, entry[server]
    assert "ratio / asyncio_chat" in done.stdout and "ratio / lecture_style" in done.stdout


def test_a_token_cut_anywhere_is_counted_once():
    line = plan.message(1, 0, 80, plan.ASCII_FILL) + plan.message(1, 1, 80, plan.ASCII_FILL)
    for cut in range(1, len(line)):
        tally = Tally(2, 2)
        tally.feed(0, b"u1: " + line[:cut], 0)
        tally.feed(0, line[cut:], 0)
        assert tally.delivered == 2 and tally.duplicates == 0, cut


def test_short_names_stay_apart_only_where_they_would_clash(tmp_path):
    a, b = tmp_path / "x" / "solutions", tmp_path / "y" / "solutions"
    assert short_name(a, [a, b]) == str(a) and short_name(SERVERS[0], SERVERS) == "solutions"
    assert short_name(SERVERS[1], SERVERS[0]) == "lecture_style"


def test_a_single_server_has_no_ratios():
    report = measure.bench([SERVERS[0]], [], plan.Settings(users=2, messages=1, lang="en"))
    assert report["servers"] == [str(SERVERS[0])] and "note" not in report


def test_the_lecture_as_given_is_compared_and_the_comparison_is_drawn(tmp_path):
    """docs/lecture (the course's example, word for word: it passes the default checks) greets
    "Добро пожаловать, u0\\n!": the bench joins it as the checks do, measures it, and draws
    the comparison in the terminal and, with the plot extra, as a PNG."""
    from grader.messages import say
    out, png = tmp_path / "bench.json", tmp_path / "bench.png"
    done = subprocess.run([sys.executable, "-m", "grader", "bench", KIT / "solutions", "--compare", KIT / "docs" / "lecture",
                           "--scenario", "fan-out", "--users", "4", "--messages", "3", "--runs", "1",
                           "--lang", "en", "--json", out, "--plot", png], cwd=KIT, env=dict(os.environ, COLUMNS="160"),
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    entry = json.loads(out.read_text(encoding="utf-8"))["scenarios"]["fan-out"]
    lecture = entry[str(KIT / "docs" / "lecture")]
    assert lecture["runs"] == 1 and lecture["lost"] == 0 and lecture["deliveries_per_s"], lecture
    assert say("bench.chart.title", "en") in done.stdout and "█" in done.stdout
    try:
        import matplotlib.image
    except ImportError:
        assert say("bench.no_plot", "en").split(":")[0] in done.stdout and not png.exists()
    else:
        assert matplotlib.image.imread(png).shape[0] > 100, "a PNG that reads back"
        assert say("bench.plot_written", "en", path=png) in " ".join(done.stdout.split())
