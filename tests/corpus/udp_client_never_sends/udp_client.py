"""Corpus mutant: sends the name, then reads lines but never sends them."""
import socket
import threading

from chatkit.protocol import PROMPT, QUIT


def receive(sock):
    while True:
        try:
            data, _ = sock.recvfrom(65536)
        except OSError:
            break
        print(data.decode("utf-8", "replace"), flush=True)


def main(host, port):
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    server = (host, port)
    try:
        name = input(PROMPT)
    except EOFError:
        return
    sock.sendto(name.encode("utf-8"), server)
    threading.Thread(target=receive, args=(sock,), daemon=True).start()
    while True:
        try:
            text = input()
        except EOFError:
            text = QUIT
        if text == QUIT:  # BUG: the line is never sent
            break
    sock.close()
