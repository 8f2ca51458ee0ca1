"""Corpus mutant: a departed user is never removed from the dict.

The rest is plain, lecture-like code that is correct as long as the dict is right: the
broadcast has no try per recipient, the handler lets an exception end its thread. After a
user leaves, the first broadcast to the dead socket still succeeds (the kernel answers it
with a reset), the next one raises and stops that broadcast halfway, and the speaker's
thread dies: whoever comes after the departed user in the dict hears nothing more.
"""
import socket
import threading

from chatkit.protocol import PROMPT, chat_line, joined, left, welcome

clients = {}
lock = threading.Lock()


def mailing(text, sender):
    with lock:
        for sock in clients:
            if sock is not sender:
                sock.sendall((text + "\n").encode("utf-8"))


def handle_client(sock):
    sock.sendall(PROMPT.encode("utf-8"))
    name = sock.recv(1024).decode("utf-8").strip()
    sock.sendall((welcome(name) + "\n").encode("utf-8"))
    mailing(joined(name), sock)
    with lock:
        clients[sock] = name
    while True:
        try:
            data = sock.recv(1024)
        except OSError:
            break
        if not data:
            break
        for line in data.decode("utf-8").splitlines():
            if line.strip():
                mailing(chat_line(name, line.strip()), sock)
    mailing(left(name), sock)  # BUG: `del clients[sock]` is missing


def main(host, port):
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind((host, port))
    server.listen(16)
    while True:
        sock, _ = server.accept()
        threading.Thread(target=handle_client, args=(sock,), daemon=True).start()
