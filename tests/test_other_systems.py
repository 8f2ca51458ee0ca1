"""Differences of Windows and macOS that the grade must not feel, simulated on Linux (issue 21):
Windows' coarse clock, IPv6-only wildcard binds, psutil's errors on macOS, a vanished UDP user."""
import math
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from chatkit.ports import LOOPBACK, free_port
from grader.chat.lenient import Matcher
from grader.chat.scenarios import Chat
from grader.chat.transcript import Scenario
from grader.engine import limits

KIT = Path(__file__).resolve().parents[1]
CORPUS = KIT / "tests" / "corpus"
WINDOWS_TICK = 0.0156   # time.monotonic()'s resolution on Windows before Python 3.13


def windows_clock(monkeypatch):
    """time.monotonic() as Windows gives it before 3.13: a tick every 15.6 ms."""
    real = time.monotonic
    monkeypatch.setattr(time, "monotonic", lambda: math.floor(real() / WINDOWS_TICK) * WINDOWS_TICK)


def wait_accepting(port, proc):
    deadline = time.monotonic() + limits.READY_TIMEOUT
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            socket.create_connection((LOOPBACK, port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.02)
    pytest.fail(f"the server on port {port} never accepted")


@pytest.fixture
def server_without_leave_notices():
    """The corpus's TCP server that never tells anyone a user left, as a real process."""
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-c", f"import tcp_server; tcp_server.main({LOOPBACK!r}, {port})"],
                            cwd=CORPUS / "tcp_server_no_leave_notice", env={**os.environ, "PYTHONPATH": str(KIT)},
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_accepting(port, proc)
        yield port
    finally:
        proc.kill()
        proc.wait()


def test_a_lenient_leave_notice_is_ordered_by_arrival_not_by_windows_clock(monkeypatch, server_without_leave_notices):
    """Check 1.9 in --lenient: the leaver's own join notice, received in the same 15.6 ms tick
    as her leaving, must never count as "a line naming her after she left"."""
    windows_clock(monkeypatch)
    for attempt in range(8):
        scenario = Scenario("ru")
        try:
            chat = Chat(scenario, (LOOPBACK, server_without_leave_notices), "tcp", says=Matcher(lenient=True))
            anya, borya, vika = chat.join(f"Аня{attempt}", f"Боря{attempt}", f"Вика{attempt}", roll_call=True)
            # her join notice is there to be mistaken (join() does not wait for it: Аня is not the one before her)
            assert anya.stream.wait_for(chat.says.joined(vika.name), limits.EXPECT_TIMEOUT)
            chat.leave(vika)
            notice = chat.says.left(vika.name, chat.departed[vika.name])
            assert not anya.stream.wait_for(notice, limits.QUIET_WINDOW), f"attempt {attempt}: {notice.found!r}"
            assert not borya.stream.wait_for(notice, limits.QUIET_WINDOW), f"attempt {attempt}: {notice.found!r}"
        finally:
            scenario.close()


# --- psutil on macOS: listing a process's sockets may raise RuntimeError or OSError ----------------

@pytest.mark.parametrize("error", [RuntimeError("could not list sockets"), OSError(22, "Invalid argument"),
                                   "access-denied"])
def test_sockets_the_system_will_not_list_are_asked_another_way(monkeypatch, error):
    """The platform layer answers port_owner() by binding the port where psutil cannot say:
    never an exception (a grader fault), never a wait that ends in "the server never opened"."""
    import psutil

    from grader.sandbox.platform import _common, _portable

    def refuse(proc, kind):
        raise psutil.AccessDenied(proc.pid) if error == "access-denied" else error

    with socket.socket() as held:
        held.bind((LOOPBACK, 0))
        port = held.getsockname()[1]
        free = free_port()
        listener = subprocess.Popen([sys.executable, "-c", "import socket, sys, time; s = socket.socket(); "
                                     f"s.bind(({LOOPBACK!r}, {free})); s.listen(); print('up', flush=True); "
                                     "time.sleep(60)"], stdout=subprocess.PIPE, text=True, encoding="utf-8")
        try:
            assert listener.stdout.readline().strip() == "up"
            monkeypatch.setattr(_common, "_connections", refuse)
            assert _common.ports_held([listener.pid], "tcp") == []
            unlisted = []
            assert _common.ports_held([listener.pid], "tcp", unlisted) == [] and unlisted == [listener.pid]
            assert _portable.port_owner("tcp", free, listener.pid) == _portable.OURS
            held.close()   # a port nobody holds: still closed, the wait goes on
            assert _portable.port_owner("tcp", port, listener.pid) == _portable.CLOSED
            assert _portable.port_owner("udp", free_port(socket.SOCK_DGRAM), listener.pid) == _portable.CLOSED
        finally:
            listener.kill()
            listener.wait()


def test_windows_runs_the_student_with_the_real_interpreter_not_a_venvs_launcher(monkeypatch, tmp_path):
    from grader.sandbox.platform import system
    launcher = tmp_path / "Scripts" / "python.exe"
    launcher.parent.mkdir()
    launcher.write_bytes(b"")
    monkeypatch.setattr(sys, "executable", str(launcher))
    monkeypatch.setattr(sys, "_base_executable", os.path.realpath(sys.base_prefix + "/bin/python3")
                        if os.path.exists(sys.base_prefix + "/bin/python3") else __file__, raising=False)
    monkeypatch.setattr(sys, "platform", "win32")
    assert system.interpreter() == sys._base_executable
    monkeypatch.setattr(sys, "platform", "darwin")    # a macOS venv's python is the interpreter itself
    assert system.interpreter() == str(launcher)
