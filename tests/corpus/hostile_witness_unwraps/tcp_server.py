"""Corpus, hostile: puts back the socket and threading calls the witness wrapped and starts a
process of its own; nobody is told that a user joined.

On Windows and macOS (CHATKIT_PLATFORM=portable) the witness (grader/sandbox/witness.py)
then never sees a wait, and the child process has no witness: no wait ends early, the
check only takes longer, and the process is ended with the check.
"""
import socket
import threading

import _socket
import subprocess
import sys


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


def main(host, port):
    socket.socket.recv = _socket.socket.recv   # BUG (hostile): the witness's wrappers undone
    subprocess.Popen([sys.executable, '-c', 'import sys; sys.stdin.read()'], stdin=subprocess.PIPE)
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind((host, port))
    server.listen(32)
    while True:
        sock, _ = server.accept()
        threading.Thread(target=handle_client, args=(sock,), daemon=True).start()
