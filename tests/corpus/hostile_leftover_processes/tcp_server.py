"""Corpus hostile: a correct server that leaves processes behind in every run.

Each time main() starts it spawns, all sleeping for ten minutes with a marker in their
command line: a subprocess, a forked child, and a daemon that escaped by fork + setsid +
fork (its parent exits at once, so it is nobody's child but the reaper's). The grader must
kill all of them by the end of the scenario: tests/test_isolation.py looks for the marker.
"""
import os
import socket
import subprocess
import sys
import threading

from chatkit.protocol import PROMPT, chat_line, joined, left, welcome

clients = {}                      # socket -> name
clients_lock = threading.Lock()


def send_line(sock, text):
    sock.sendall((text + "\n").encode("utf-8"))


def broadcast(text, sender):
    with clients_lock:
        others = [sock for sock in clients if sock is not sender]
    for sock in others:
        try:
            send_line(sock, text)
        except OSError:
            pass  # that user is leaving; their own thread will remove them


def read_lines(sock):
    buffer = b""
    while True:
        try:
            chunk = sock.recv(4096)
        except OSError:
            return
        if not chunk:
            return
        buffer += chunk
        while b"\n" in buffer:
            line, buffer = buffer.split(b"\n", 1)
            yield line.decode("utf-8", "replace").rstrip("\r")


def handle_client(sock):
    try:
        sock.sendall(PROMPT.encode("utf-8"))
        lines = read_lines(sock)
        name = next(lines, None)
        if name is None:
            return
        name = name.strip()
        send_line(sock, welcome(name))
        broadcast(joined(name), sock)
        with clients_lock:
            clients[sock] = name
        for text in lines:
            if text:
                broadcast(chat_line(name, text), sock)
        with clients_lock:
            del clients[sock]
        broadcast(left(name), sock)
    except OSError:
        with clients_lock:
            clients.pop(sock, None)
    finally:
        sock.close()


MARKER = "chatkit-corpus-leftover"
SLEEP = "import time; time.sleep(600)"


def leave_processes_behind():
    subprocess.Popen([sys.executable, "-c", SLEEP, MARKER + "-popen"],
                     stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if os.fork() == 0:
        os.execv(sys.executable, [sys.executable, "-c", SLEEP, MARKER + "-fork"])
    middle = os.fork()
    if middle == 0:
        os.setsid()
        if os.fork() == 0:
            os.execv(sys.executable, [sys.executable, "-c", SLEEP, MARKER + "-daemon"])
        os._exit(0)
    os.waitpid(middle, 0)


def main(host, port):
    leave_processes_behind()
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind((host, port))
    server.listen(32)
    while True:
        sock, _ = server.accept()
        threading.Thread(target=handle_client, args=(sock,), daemon=True).start()
