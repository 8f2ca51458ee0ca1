"""A server is ready when its own socket is: a port another process holds is never taken
for the student's, and a correct server that starts slowly is waited for."""
import socket
import threading
from pathlib import Path

import pytest

from chatkit import protocol
from chatkit.ports import free_port
from grader.chat import scenarios
from grader.chat.transcript import Scenario, StartFailure

CORPUS = Path(__file__).resolve().with_name("corpus")
SOLUTIONS = Path(__file__).resolve().parents[1] / "solutions"

class Neighbour:
    """Another process's server on a port the grader is about to hand out: it greets whoever
    connects with the protocol's prompt, as a neighbour's chat server would, and counts them."""

    def __init__(self, kind):
        self.sock = socket.socket(socket.AF_INET, kind)
        self.sock.bind(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.visitors = 0
        if kind == socket.SOCK_STREAM:
            self.sock.listen(8)
            self.thread = threading.Thread(target=self._greet, name="neighbour-greeter", daemon=True)
            self.thread.start()

    def _greet(self):
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.visitors += 1
            with conn:
                conn.sendall(protocol.PROMPT.encode())

    def close(self):
        self.sock.close()


@pytest.fixture
def handed_a_taken_port(monkeypatch):
    """The grader's next port is one a neighbour already holds; later ones are free."""
    made = []

    def start(kind):
        neighbour = Neighbour(kind)
        made.append(neighbour)
        ports = iter([neighbour.port])
        monkeypatch.setattr(scenarios, "free_port", lambda k=socket.SOCK_STREAM: next(ports, None) or free_port(k))
        return neighbour

    yield start
    for neighbour in made:
        neighbour.close()


@pytest.fixture
def scenario():
    scenario = Scenario("en", "tcp.server.prompt")
    yield scenario
    scenario.close()


def test_a_server_that_never_listens_is_not_given_a_neighbours_port(handed_a_taken_port, scenario):
    neighbour = handed_a_taken_port(socket.SOCK_STREAM)
    with pytest.raises(StartFailure):
        scenarios.start_server(scenario, CORPUS / "hostile_busy_main", "tcp_server.py", "tcp")
    assert neighbour.visitors == 0


def test_a_correct_server_handed_a_taken_port_starts_again_on_its_own(handed_a_taken_port, scenario):
    neighbour = handed_a_taken_port(socket.SOCK_STREAM)
    chat = scenarios.start_server(scenario, SOLUTIONS, "tcp_server.py", "tcp")
    assert chat.address[1] != neighbour.port
    alice = chat.join("Alice")
    assert alice.got(protocol.welcome("Alice"))
    assert neighbour.visitors == 0


def test_a_udp_server_handed_a_taken_port_starts_again_on_its_own(handed_a_taken_port, scenario):
    neighbour = handed_a_taken_port(socket.SOCK_DGRAM)
    chat = scenarios.start_server(scenario, SOLUTIONS, "udp_server.py", "udp")
    assert chat.address[1] != neighbour.port
    alice = chat.join("Alice")
    assert alice.got(protocol.welcome("Alice"))


def test_a_server_that_takes_seconds_before_bind_is_waited_for(scenario):
    chat = scenarios.start_server(scenario, CORPUS / "slow_start", "tcp_server.py", "tcp")
    assert chat.process.ready_after > 2.5  # it really was slow, and it was not called broken
    assert chat.join("Alice").got(protocol.welcome("Alice"))
