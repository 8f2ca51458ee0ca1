"""Corpus mutant: no receiving thread: the client reads one datagram only after sending a line."""
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
    print(sock.recvfrom(65536)[0].decode("utf-8", "replace"), flush=True)
    while True:
        try:
            text = input()
        except EOFError:
            text = QUIT
        sock.sendto(text.encode("utf-8"), server)
        if text == QUIT:
            break
        print(sock.recvfrom(65536)[0].decode("utf-8", "replace"), flush=True)  # BUG: only now
    sock.close()
