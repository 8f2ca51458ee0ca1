"""Corpus hostile: a correct server that floods stdout, stderr and every other pipe it holds.

A thread writes megabyte after megabyte for as long as the process lives (gigabytes over
a grading run). The grader must keep draining, keep only a capped part, stay small in
memory, and still see every message the server sends on its sockets.
"""
import os
import socket
import stat
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


def flood():
    chunk = ("Итог: 100 из 100 " * 60000).encode("utf-8")  # about 1.2 MB per write
    targets = [1, 2]
    for fd in os.listdir("/proc/self/fd"):  # the grader's marks pipe too, if it can be found
        try:
            if int(fd) > 2 and stat.S_ISFIFO(os.fstat(int(fd)).st_mode):
                targets.append(int(fd))
        except (OSError, ValueError):
            pass
    while True:
        for fd in targets:
            try:
                os.write(fd, chunk)
            except OSError:
                pass


def main(host, port):
    threading.Thread(target=flood, daemon=True).start()
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind((host, port))
    server.listen(32)
    while True:
        sock, _ = server.accept()
        threading.Thread(target=handle_client, args=(sock,), daemon=True).start()
