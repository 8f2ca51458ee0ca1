"""The live lecture-hall demo: real users through the relay to a sandboxed server, on loopback
only; the dashboard's figures; Ctrl+C leaves nothing running."""
import io
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest
from rich.console import Console

from chatkit import protocol
from chatkit.ports import LOOPBACK
from grader.chat.handshake import handshake
from grader.chat.transcript import wait_until
from grader.messages import say
from grader.tools.live import LiveDemo, Relay, people_cap, start_notes

KIT = Path(__file__).resolve().parents[1]
LECTURE = KIT / "tests" / "corpus" / "lecture_style"
WAIT = 15.0


def join(address, name, rcvbuf=None):
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    if rcvbuf:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)   # a small window: fills soon
    sock.connect(address)
    assert not handshake(sock, name, WAIT), name
    return sock


def read_until(sock, wanted, seconds=WAIT):
    received, deadline = b"", time.monotonic() + seconds
    while wanted not in received and time.monotonic() < deadline:
        sock.settimeout(max(0.01, deadline - time.monotonic()))
        try:
            chunk = sock.recv(65536)
        except socket.timeout:
            break
        if not chunk:
            break
        received += chunk
    return wanted in received


def rendered(demo):
    buffer = io.StringIO()
    Console(file=buffer, width=140, no_color=True, highlight=False).print(demo.frame())
    return buffer.getvalue()


def test_the_dashboard_shows_who_talks_from_where_and_who_stopped_reading():
    demo = LiveDemo(KIT / "solutions", host=LOOPBACK, port=0, lang="en", stall=0.5).start()
    users = []
    try:
        address = (LOOPBACK, demo.address[1])
        anya, borya = join(address, "Аня"), join(address, "Боря")
        stuck = join(address, "Молчун", rcvbuf=4096)   # joins, then never reads again
        users += [anya, borya, stuck]
        anya.sendall(protocol.encode_line("Всем привет!"))
        assert read_until(borya, protocol.chat_line("Аня", "Всем привет!").encode())
        figures = demo.relay.snapshot()
        assert sorted(p["name"] for p in figures["people"]) == ["Аня", "Боря", "Молчун"]
        assert all(p["address"].startswith(LOOPBACK + ":") for p in figures["people"])
        assert figures["total"] == 1 and ("Аня", "Всем привет!") in figures["lines"]

        # Enough for Молчун to fill every buffer on the way; Боря reads and keeps up.
        line = "ж" * 900
        for k in range(400):
            anya.sendall(protocol.encode_line(f"{k} {line}"))
            if k % 50 == 49:
                assert read_until(borya, f"{k} ".encode() + line.encode())
        assert wait_until(lambda: any(p["stuck"] for p in demo.relay.snapshot()["people"]), WAIT)
        stuck_now = [p["name"] for p in demo.relay.snapshot()["people"] if p["stuck"]]
        assert stuck_now == ["Молчун"]
        screen = rendered(demo)
        assert "Молчун" in screen and "Аня: 399" in screen   # the last lines, the newest at the bottom
        assert say("live.state.stuck", "en", kb=1).split("(")[0].strip() in screen

        borya.close()
        assert wait_until(lambda: "Боря" not in [p["name"] for p in demo.relay.snapshot()["people"]], WAIT)
    finally:
        for sock in users:
            sock.close()
        demo.stop()


def test_a_students_server_takes_the_references_place():
    demo = LiveDemo(LECTURE, host=LOOPBACK, port=0, lang="ru").start()
    try:
        address = (LOOPBACK, demo.address[1])
        with join(address, "Аня") as anya, join(address, "Боря") as borya:
            borya.sendall(protocol.encode_line("Привет из лекции"))
            assert read_until(anya, protocol.chat_line("Боря", "Привет из лекции").encode())
            assert wait_until(lambda: demo.relay.snapshot()["total"] == 1, WAIT)
    finally:
        demo.stop()
    assert demo.chat.process.exited()


@pytest.mark.skipif(sys.platform == "win32", reason="Windows has no SIGINT for one process: CTRL_C_EVENT goes to "
                    "the whole console, pytest included, and CTRL_BREAK_EVENT is not Ctrl+C; the demo's Ctrl+C "
                    "path (KeyboardInterrupt) is the same code on every system")
def test_ctrl_c_ends_the_live_demo_and_leaves_nothing_running():
    proc = subprocess.Popen([sys.executable, "-m", "grader", "demo", "--live", "--host", LOOPBACK, "--port", "0",
                             "--lang", "en"], cwd=KIT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8")
    try:
        first = proc.stdout.readline()
        prefix = say("live.listening", "en", address="").strip()
        assert first.startswith(prefix), first + proc.stderr.read()
        host, port = first.strip().rsplit(" ", 1)[-1].rsplit(":", 1)
        with join((LOOPBACK, int(port)), "Аня") as anya, join((LOOPBACK, int(port)), "Боря") as borya:
            assert read_until(anya, protocol.joined("Боря").encode())   # Боря is registered
            anya.sendall(protocol.encode_line("Привет"))
            # Once Боря has it, the relay has counted it: Ctrl+C now cannot race the message.
            assert read_until(borya, protocol.chat_line("Аня", "Привет").encode())
            children = psutil.Process(proc.pid).children(recursive=True)
            assert children, "the server runs as a child of the demo"
            proc.send_signal(signal.SIGINT)
            out, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 0, err
    assert say("live.done", "en", visitors=2, total=1) in out
    assert wait_until(lambda: not any(child.is_running() and child.status() != psutil.STATUS_ZOMBIE
                                      for child in children), WAIT)


def test_a_bounded_run_ends_by_itself_and_a_taken_port_is_one_sentence():
    with socket.create_server((LOOPBACK, 0)) as taken:
        port = taken.getsockname()[1]
        done = subprocess.run([sys.executable, "-m", "grader", "demo", "--live", "--host", LOOPBACK,
                               "--port", str(port)], cwd=KIT, capture_output=True, text=True, encoding="utf-8", timeout=60)
    assert done.returncode == 2 and str(port) in done.stdout
    done = subprocess.run([sys.executable, "-m", "grader", "demo", "--live", "--host", LOOPBACK, "--port", "0",
                           "--duration", "1"], cwd=KIT, capture_output=True, text=True, encoding="utf-8", timeout=60)
    assert done.returncode == 0, done.stdout + done.stderr
    assert say("live.done", "ru", visitors=0, total=0) in done.stdout


def test_windows_hears_about_its_firewall_and_its_select_limit_when_the_demo_starts():
    import selectors
    assert people_cap(selectors.SelectSelector()) == 250           # Windows' DefaultSelector
    assert people_cap(selectors.DefaultSelector()) is None or sys.platform == "win32"
    for lang in ("ru", "en"):
        notes = start_notes(lang, "0.0.0.0", 250, windows=True)
        assert notes == [say("live.windows_firewall", lang), say("live.windows_cap", lang, cap=250)]
        assert start_notes(lang, LOOPBACK, None, windows=True) == []   # nobody else can reach loopback
        assert start_notes(lang, "0.0.0.0", None, windows=False) == []


def test_a_full_room_is_told_so_and_the_people_inside_keep_their_places():
    """select()'s limit, met with a cap of one: the second laptop gets one line and the door closes."""
    import selectors
    with socket.create_server((LOOPBACK, 0)) as upstream:   # a server that only accepts: enough here
        relay = Relay(LOOPBACK, 0, upstream.getsockname()[:2], lang="en", selector=selectors.SelectSelector())
        relay.cap = 1
        relay.start()
        try:
            first = socket.create_connection((LOOPBACK, relay.address[1]), timeout=WAIT)
            assert wait_until(lambda: relay.snapshot()["visitors"] == 1, WAIT)
            with first, socket.create_connection((LOOPBACK, relay.address[1]), timeout=WAIT) as second:
                assert read_until(second, protocol.encode_line(say("live.full", "en", cap=1)))
                assert second.recv(1) == b""
            assert relay.turned_away == 1 and relay.snapshot()["visitors"] == 1
        finally:
            relay.close()
