"""Corpus mutant: a departed user is never removed, and the OSError of sending to them is caught.

Every default check passes: the broadcast tries each recipient on its own, so a dead socket
costs nothing visible. But the dict keeps every user who ever came, with their socket open:
a leak that grows with every leave, and the departed user's name stays taken (the next «Аня»
becomes «Аня2»). Only the strict tier sees it (3.7, a passer-by's name reused).
"""
import socket
import threading

from chatkit.protocol import (PROMPT, QUIT, chat_line, clean_name, decode_message, encode_line,
                              joined, left, welcome)

clients = {}
lock = threading.Lock()


def mailing(text, sender):
    with lock:
        targets = [sock for sock in clients if sock is not sender]
    for sock in targets:
        try:
            sock.sendall(encode_line(text))
        except OSError:
            pass   # a dead socket: skipped, but kept


def handle_client(sock):
    reader = sock.makefile("rb")
    try:
        sock.sendall(encode_line(PROMPT))
        raw = reader.readline()
        if not raw or decode_message(raw).strip() == QUIT:
            sock.close()
            return
        with lock:
            name = clean_name(decode_message(raw), set(clients.values()))
            clients[sock] = name
        sock.sendall(encode_line(welcome(name)))
        mailing(joined(name), sock)
        for raw in reader:
            text = decode_message(raw)
            if text.strip() == QUIT:
                break
            if text.strip():
                mailing(chat_line(name, text), sock)
    except OSError:
        pass
    mailing(left(name), sock)  # BUG: never `clients.pop(sock)`, never `sock.close()`


def main(host, port):
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind((host, port))
    server.listen(64)
    while True:
        sock, _ = server.accept()
        threading.Thread(target=handle_client, args=(sock,), daemon=True).start()
