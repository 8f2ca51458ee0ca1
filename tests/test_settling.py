"""A wait ends early only when its line can no longer come (grader/chat/settling.py): the
student's server sleeps until input and nothing is on its way. A server that is merely slow
(a sleep before its prompt) is never taken for done. No test here times anything: each
waits for the event (settled, a line arriving) within a generous bound.

CI runs this file twice: as Linux (the kernel's evidence) and with CHATKIT_PLATFORM=portable
(the witness in the student's process, grader/sandbox/witness.py, as on Windows and macOS)."""
import socket
import time

import pytest

from chatkit import protocol
from grader.chat import scenarios
from grader.chat.handshake import TIMED_OUT, read_until
from grader.chat.transcript import Failure, Scenario, wait_until
from grader.engine import limits
from grader.messages import say

GENEROUS = 30.0   # an event that must come, on the busiest machine

SILENT = '''"""Reads what its users send and prints it; answers nothing."""
import socket
import threading


def handler(conn):
    while conn.recv(1024):
        pass


def main(host="127.0.0.1", port=9090):
    server = socket.create_server((host, port))
    while True:
        conn, _ = server.accept()
        threading.Thread(target=handler, args=(conn,)).start()
'''

SLOW_PROMPT = '''"""A correct start, slowly: the prompt comes {delay} s after the connection."""
import socket
import threading
import time


def handler(conn):
    time.sleep({delay})
    conn.sendall({prompt!r}.encode("utf-8"))
    while conn.recv(1024):
        pass


def main(host="127.0.0.1", port=9090):
    server = socket.create_server((host, port))
    while True:
        conn, _ = server.accept()
        threading.Thread(target=handler, args=(conn,)).start()
'''

POLLING = '''"""Answers nothing, but wakes every 0.1 s (a timeout on its socket): never settled."""
import socket


def main(host="127.0.0.1", port=9090):
    server = socket.create_server((host, port))
    server.settimeout(0.1)
    while True:
        try:
            server.accept()
        except socket.timeout:
            pass
'''


@pytest.fixture
def scenario():
    scenario = Scenario("en", "tcp.server.prompt")
    yield scenario
    scenario.close()


def server(tmp_path, source, **fields):
    (tmp_path / "tcp_server.py").write_text(source.format(**fields) if fields else source, encoding="utf-8")
    return tmp_path


def never_settled_until(arrived, scenario):
    """Look at the scenario as often as a wait does until the line it sleeps before arrives:
    a process that sleeps is never taken for one that waits for input."""
    deadline = time.monotonic() + GENEROUS
    while not arrived():
        assert not scenario.settled(), "a sleeping process was taken for one that waits for input"
        assert time.monotonic() < deadline, "the line never came"
        time.sleep(0.005)   # a wait's own pace between looks (settling.LOOK_EVERY is 0.02)


def test_a_silent_server_is_settled_and_the_wait_fails_with_its_usual_sentence(tmp_path, scenario):
    chat = scenarios.start_server(scenario, server(tmp_path, SILENT), "tcp_server.py", "tcp")
    anya = chat.user("Аня")
    assert wait_until(scenario.settled, GENEROUS)
    with pytest.raises(Failure) as failed:
        anya.expect(protocol.PROMPT)
    assert failed.value.reason == (say("chat.missing", "en", name="Аня", text=protocol.PROMPT.strip())
                                   + say("chat.missing.timeout", "en", seconds=limits.EXPECT_TIMEOUT))


def test_a_server_that_sleeps_before_its_prompt_is_never_taken_for_done(tmp_path, scenario):
    chat = scenarios.start_server(scenario, server(tmp_path, SLOW_PROMPT, delay=1.0, prompt=protocol.PROMPT),
                                  "tcp_server.py", "tcp")
    anya = chat.user("Аня")
    never_settled_until(lambda: anya.got(protocol.PROMPT), scenario)
    anya.expect(protocol.PROMPT)   # and the usual wait passes


def test_a_server_that_wakes_on_a_timeout_is_never_taken_for_done(tmp_path, scenario):
    chat = scenarios.start_server(scenario, server(tmp_path, POLLING), "tcp_server.py", "tcp")
    chat.user("Аня")
    # Many looks over several of its wake-ups: none may call it settled.
    assert not wait_until(scenario.settled, 0.5)


def test_a_read_by_hand_that_gives_up_first_takes_what_arrived():
    ours, theirs = socket.socketpair()
    with ours, theirs:
        ours.settimeout(3.0)
        theirs.sendall(b"Hello, ")
        received = bytearray()
        assert read_until(ours, b"Hello, world", time.monotonic() + GENEROUS, received,
                          give_up=lambda: True) == TIMED_OUT
        assert bytes(received) == b"Hello, "
        assert ours.gettimeout() == 3.0   # the socket is left as it was
        theirs.sendall(b"world")
        assert read_until(ours, b"Hello, world", time.monotonic() + GENEROUS, received, give_up=lambda: True) is None


def test_a_wait_that_gives_up_looks_at_its_condition_once_more():
    looks = iter([False, True])
    assert wait_until(lambda: next(looks), GENEROUS, give_up=lambda: True)


DEAF_CLIENT = '''"""Connects, reads what its user types, and never shows what arrives."""
import socket
import sys


def main(host="127.0.0.1", port=9090):
    sock = socket.create_connection((host, port))
    for line in sys.stdin:
        pass
'''

SLOW_CLIENT = '''"""Connects, and shows a line of its own only after a second."""
import socket
import sys
import time


def main(host="127.0.0.1", port=9090):
    sock = socket.create_connection((host, port))
    time.sleep(1.0)
    print("готов", flush=True)
    for line in sys.stdin:
        pass
'''


def client(tmp_path, source):
    (tmp_path / "tcp_client.py").write_text(source, encoding="utf-8")
    return tmp_path


def test_a_client_that_shows_nothing_is_settled_once_its_output_is_all_read(tmp_path, scenario):
    run = scenarios.ClientRun(scenario, client(tmp_path, DEAF_CLIENT), "tcp_client.py", "tcp")
    link = run.accept()
    link.say("Боря: привет")
    assert wait_until(scenario.settled, GENEROUS)
    with pytest.raises(Failure):
        run.output.expect("Боря: привет")


def test_a_client_that_prints_late_is_never_taken_for_done(tmp_path, scenario):
    run = scenarios.ClientRun(scenario, client(tmp_path, SLOW_CLIENT), "tcp_client.py", "tcp")
    run.accept()
    never_settled_until(lambda: run.output.got("готов"), scenario)
