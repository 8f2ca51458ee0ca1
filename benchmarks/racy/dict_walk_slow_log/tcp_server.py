"""A stress case for benchmarks/determinism.py (not a corpus folder: its race fires in nearly
every run). tests/corpus/racy_dict_broadcast with a slow log: each delivery is logged and
then waits 3 ms (a log written to a slow disk), so the walk of `users` lasts long enough that
the next user nearly always connects during it: "RuntimeError: dictionary changed size
during iteration" in most runs, in several checks.
"""
import socket
import time
import threading

from chatkit.protocol import PROMPT, chat_line, joined, left, welcome

users = {}   # socket -> name (None until the user has given one)


def broadcast(text, sender):
    data = (text + "\n").encode("utf-8")
    for sock, name in users.items():   # RACE: the accept loop and other threads change users meanwhile
        if sock is sender or name is None:
            continue
        try:
            sock.sendall(data)
        except OSError:
            pass
        print(f"  -> {name}: {text}")
        time.sleep(0.003)   # the slow log


def lines_of(sock):
    pending = b""
    while True:
        try:
            chunk = sock.recv(4096)
        except OSError:
            return
        if not chunk:
            return
        pending += chunk
        while b"\n" in pending:
            line, pending = pending.split(b"\n", 1)
            yield line.decode("utf-8", "replace").rstrip("\r")


def serve(sock):
    name = None
    try:
        sock.sendall(PROMPT.encode("utf-8"))
        incoming = lines_of(sock)
        name = next(incoming, None)
        if name is None:
            return
        name = name.strip()
        users[sock] = name
        sock.sendall((welcome(name) + "\n").encode("utf-8"))
        broadcast(joined(name), sock)
        for text in incoming:
            if text:
                broadcast(chat_line(name, text), sock)
    except OSError:
        pass
    finally:
        users.pop(sock, None)
        if name is not None:
            broadcast(left(name), sock)
        sock.close()


def main(host, port):
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind((host, port))
    listener.listen(32)
    print(f"listening on {host}:{port}")
    while True:
        sock, _ = listener.accept()
        users[sock] = None
        threading.Thread(target=serve, args=(sock,), daemon=True).start()
