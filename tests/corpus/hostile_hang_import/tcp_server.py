"""Corpus hostile: importing the module never ends (an endless wait at the top level).

The functions are a correct server, so the static check passes; the grader must give up
on the import within its bound and say so, and skip the rest of the server's checks.
"""
import socket
import threading
import time

from chatkit.protocol import PROMPT, welcome


def handle(sock):
    sock.sendall(PROMPT.encode("utf-8"))
    name = sock.recv(1024).decode("utf-8").strip()
    sock.sendall((welcome(name) + "\n").encode("utf-8"))


def main(host, port):
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind((host, port))
    server.listen()
    while True:
        sock, _ = server.accept()
        threading.Thread(target=handle, args=(sock,)).start()


while True:  # top-level code that never finishes
    time.sleep(1)
