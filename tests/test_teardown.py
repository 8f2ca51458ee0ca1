"""After a check's verdict the grader tears everything down; what the student's process
prints is then the same in every run: the process is stopped before the grader closes its
users, so a pipe only the teardown would break never shows, and one the student's code
broke during the check always does."""
import re

from grader.chat import scenarios
from grader.chat.transcript import Scenario, wait_until
from grader.engine import limits

# Each user gets a thread that greets it, waits until it hangs up, then writes to it anyway:
# the traceback of a thread killed by a broken pipe (or a reset) for every user who left.
WRITES_TO_THE_GONE = '''\
import socket
import threading


def serve(conn):
    conn.sendall(b"hello\\n")
    conn.recv(1024)
    while True:
        conn.sendall(b"are you there?\\n")


def main(host, port):
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind((host, port))
    server.listen()
    while True:
        conn, _ = server.accept()
        threading.Thread(target=serve, args=(conn,)).start()
'''

BROKEN = re.compile(r"^(BrokenPipeError|ConnectionResetError|ConnectionAbortedError)\b", re.M)


def test_a_pipe_broken_in_the_check_shows_and_one_only_the_teardown_breaks_does_not(tmp_path):
    (tmp_path / "tcp_server.py").write_text(WRITES_TO_THE_GONE, encoding="utf-8")
    scenario = Scenario("en", "tcp.server.prompt")
    try:
        chat = scenarios.start_server(scenario, tmp_path, "tcp_server.py", "tcp")
        leaves = chat.user("Аня")
        leaves.expect("hello")
        leaves.close()   # during the check: the student's thread then writes to a closed socket
        stderr = chat.process.stderr
        assert wait_until(lambda: BROKEN.search(stderr.text()), limits.EXPECT_TIMEOUT), stderr.text()
        stays = chat.user("Борис")
        stays.expect("hello")   # its thread now waits for Борис, who is still there at the verdict
        closed_with_server_alive = []
        scenario.cleanups.append(lambda: closed_with_server_alive.append(not chat.process.exited()))   # as Борис's close
    finally:
        scenario.close()
    assert closed_with_server_alive == [False]   # the order that makes the output the same in every run
    assert len(BROKEN.findall(stderr.text())) == 1, stderr.text()
