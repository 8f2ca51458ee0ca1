"""Corpus, hostile: writes forged and broken answers into the witness's connection and floods
the grader's look port; nobody is told that a user joined.

On Windows and macOS (CHATKIT_PLATFORM=portable) the witness (grader/sandbox/witness.py)
answers the grader's looks; what the student's code writes there unasked is dropped, and
silent connections neither hold up other hellos nor cost the grader a descriptor for long.
"""
import socket
import threading

import os
import time


def witness_socket():
    """The witness's connection to the grader (portable path only), found among the descriptors."""
    for fd in range(3, 256):
        try:
            found = socket.socket(fileno=os.dup(fd))
        except OSError:
            continue
        try:
            if found.type == socket.SOCK_STREAM and found.getpeername()[0] == "127.0.0.1":
                return found
        except OSError:
            pass
        found.close()
    return None


def tamper(witness):
    """Forged and broken answers written unasked, and a flood of silent connections on the look port."""
    held = []
    for number in range(100):
        try:
            held.append(socket.create_connection(("127.0.0.1", witness.getpeername()[1]), timeout=1))
            held[-1].sendall(b"0" * (number % 3))
        except OSError:
            pass
    while True:
        try:
            witness.sendall(b"rest 1 99 1\nrest 1 nan 1\n" + bytes(range(256)) + b"\n" * 200)
        except OSError:
            return
        time.sleep(0.02)


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
    witness = witness_socket()
    if witness is not None:   # BUG (hostile): the portable path's witness
        threading.Thread(target=tamper, args=(witness,), daemon=True).start()
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind((host, port))
    server.listen(32)
    while True:
        sock, _ = server.accept()
        threading.Thread(target=handle_client, args=(sock,), daemon=True).start()
