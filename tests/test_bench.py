"""The load benchmark: its counting, its verdicts on real servers, its command line.

The assertions are about outcomes (nothing lost, the room stalled), never about speed:
speed goals live in benchmarks/compare_servers.py.
"""
import json
import subprocess
import sys
from pathlib import Path

from grader.tools.bench import cli, measure, plan
from grader.tools.bench.tally import Tally

KIT = Path(__file__).resolve().parents[1]
REFERENCE = KIT / "solutions"
LECTURE = KIT / "tests" / "corpus" / "lecture_style"

# A small UDP chat server in the contract's form, enough to drive the udp scenario.
UDP_SERVER = '''
import socket
from chatkit import protocol

def main(host, port):
    server = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    server.bind((host, port))
    names = {}
    while True:
        data, address = server.recvfrom(65536)
        if address not in names:
            names[address] = protocol.clean_name(data.decode("utf-8", "replace"), set(names.values()))
            server.sendto(protocol.welcome(names[address]).encode(), address)
            continue
        line = protocol.chat_line(names[address], protocol.decode_message(data)).encode()
        for other in names:
            if other != address:
                server.sendto(line, other)
'''


def run_bench(*args, timeout=240):
    """Run `python -m grader bench ARGS` as a user would; return (exit code, output)."""
    done = subprocess.run([sys.executable, "-m", "grader", "bench", *map(str, args)], cwd=KIT,
                          capture_output=True, text=True, encoding="utf-8", timeout=timeout)
    return done.returncode, done.stdout + done.stderr


def bench_json(tmp_path, *args):
    out = tmp_path / "bench.json"
    code, text = run_bench(*args, "--json", out, "--lang", "en")
    assert code == 0, text
    return json.loads(out.read_text(encoding="utf-8")), text


def test_a_token_split_across_two_chunks_counts_once_and_a_repeat_counts_as_a_duplicate():
    tally = Tally(talkers=2, messages=3)
    line = plan.message(0, 2, 64, plan.CYRILLIC_FILL)
    assert len(line) == 64 and line.decode("utf-8")  # whole letters only
    cut = line.index(b" 2 ") + 2
    tally.feed(1, b"u0: " + line[:cut], now_ns=line_time(line))
    assert tally.delivered == 0
    tally.feed(1, line[cut:], now_ns=line_time(line))
    assert tally.delivered == 1 and tally.duplicates == 0
    tally.feed(1, line, now_ns=line_time(line))
    assert tally.delivered == 1 and tally.duplicates == 1
    tally.feed(0, line, now_ns=line_time(line))  # user 0's own message came back to them
    assert tally.delivered == 1 and tally.echoes == 1


def line_time(line):
    return int(plan.TOKEN.search(line).group(4))


def test_the_reference_loses_nothing_in_a_small_run_of_every_tcp_scenario(tmp_path):
    report, text = bench_json(tmp_path, REFERENCE, "--users", 10, "--messages", 5,
                              "--scenario", "fan-out", "cyrillic-burst", "churn")
    assert [run["scenario"] for run in report["runs"]] == ["fan-out", "cyrillic-burst", "churn"]
    for run in report["runs"]:
        assert run["ending"] == "complete", (run, text)
        assert run["expected"] == 10 * 9 * 5
        assert run["lost"] == 0 and run["duplicates"] == 0 and run["disconnected"] == 0, run
        assert run["peak_threads"] >= 1 and run["peak_rss_mb"] > 0
    churn = report["runs"][-1]
    assert churn["churn_cycles"] >= 4 and churn["churn_errors"] == 0, churn  # one leaver before each later round
    assert "all delivered" in text


def test_stuck_reader_keeps_the_reference_going_and_stalls_the_lecture_style_server(tmp_path):
    report, text = bench_json(tmp_path, REFERENCE, "--compare", LECTURE, "--scenario", "stuck-reader",
                              "--users", 10, "--runs", 1)
    runs = {Path(run["server"]).name: run for run in report["runs"]}
    reference, lecture = runs["solutions"], runs["lecture_style"]
    # The reference may disconnect a user that falls far behind in the burst (that shows
    # as loss, and the benchmark script holds it to its zero-loss target); what this test
    # proves is that the room goes on for everyone left, while the lecture's freezes.
    assert reference["kept_going"] and reference["ending"] in ("complete", "survivors"), reference
    assert not lecture["kept_going"] and lecture["ending"] == "stalled", lecture
    assert lecture["delivered"] < lecture["expected"] and lecture["disconnected"] == 0, lecture
    entry = report["scenarios"]["stuck-reader"]
    assert entry["ratio"]["deliveries_per_s"] is not None
    assert "trust the ratios" in text


def test_udp_deliveries_and_losses_add_up(tmp_path):
    (tmp_path / "udp_server.py").write_text(UDP_SERVER, encoding="utf-8")
    settings = plan.Settings(users=5, messages=3, lang="en")
    run = measure.measure(tmp_path, "udp", settings)
    assert run["ending"] in ("complete", "quiet"), run
    assert run["expected"] == 5 * 4 * 3
    assert run["delivered"] + run["lost"] == run["expected"] and run["duplicates"] == 0
    assert set(run["udp_drops"]) == {"server", "users"}


def test_a_scenario_without_its_module_is_skipped_not_failed(tmp_path):
    run = measure.measure(LECTURE, "udp", plan.Settings(users=2, messages=1, lang="en"))
    assert run["skipped"] == "no udp_server.py"


def test_a_server_that_never_starts_is_reported_with_exit_status_1(pristine_lab):
    code, text = run_bench(pristine_lab, "--scenario", "fan-out", "--users", 2, "--messages", 1, "--lang", "en")
    assert code == cli.EXIT_UNMEASURED, text
    assert "error:" in text


def test_a_missing_folder_or_one_without_a_server_is_a_usage_error(tmp_path, capsys):
    assert cli.main([str(tmp_path / "nowhere"), "--lang", "en"]) == cli.EXIT_USAGE
    assert "does not exist" in capsys.readouterr().out
    (tmp_path / "tcp_client.py").write_text("def main(host, port):\n    pass\n", encoding="utf-8")
    assert cli.main([str(tmp_path), "--lang", "en"]) == cli.EXIT_USAGE
    assert "has no tcp_server.py" in capsys.readouterr().out
    assert cli.main([str(REFERENCE), "--users", "1", "--lang", "en"]) == cli.EXIT_USAGE
    assert "--users must be between" in capsys.readouterr().out
