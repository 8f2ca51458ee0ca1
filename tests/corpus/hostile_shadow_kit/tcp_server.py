"""Corpus hostile: a correct TCP server whose folder also holds a `chatkit/` package and an
`importlib.py` of its own, which try to escape the sandbox when imported (see
chatkit/__init__.py). Only the chat counts: it is graded as the correct server it is.
"""
import socket
import threading

from chatkit.protocol import PROMPT, chat_line, joined, left, welcome

clients = []                      # (socket, name) of everyone who has joined
clients_lock = threading.Lock()   # the handler threads share that list


def send_line(sock, text):
    sock.sendall((text + "\n").encode("utf-8"))


def tell_others(text, sender):
    with clients_lock:
        others = [sock for sock, _ in clients if sock is not sender]
    for sock in others:
        try:
            send_line(sock, text)
        except OSError:
            pass  # that user is leaving; their own thread removes them


def serve(sock):
    reader = sock.makefile("r", encoding="utf-8", errors="replace", newline="\n")
    name = None
    try:
        sock.sendall(PROMPT.encode("utf-8"))
        first = reader.readline()
        if not first:
            return
        name = first.strip()
        send_line(sock, welcome(name))
        tell_others(joined(name), sock)
        with clients_lock:
            clients.append((sock, name))
        for line in reader:
            text = line.rstrip("\r\n")
            if text:
                tell_others(chat_line(name, text), sock)
    except OSError:
        pass
    finally:
        with clients_lock:
            was_in = (sock, name) in clients
            if was_in:
                clients.remove((sock, name))
        if was_in:
            tell_others(left(name), sock)
        sock.close()


def main(host, port):
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind((host, port))
    server.listen(32)
    while True:
        sock, _ = server.accept()
        threading.Thread(target=serve, args=(sock,), daemon=True).start()
