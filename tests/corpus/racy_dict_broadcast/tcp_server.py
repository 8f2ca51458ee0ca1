"""Corpus: a race on a dict. The accept loop enters every new connection in `users` at once
(its name still unknown), and broadcast() walks `users` without a lock while it sends (and
logs each delivery). When someone connects while another user's thread is walking the dict
(a join notice going out as the next user arrives), the walk raises "RuntimeError:
dictionary changed size during iteration" -- sometimes -- and that user's thread dies: what
they say later reaches nobody, and their leaving is never announced.
"""
import socket
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
