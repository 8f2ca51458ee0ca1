"""Corpus: a correct UDP client that waits 2 s before it starts."""
import socket
import threading
import time

from chatkit.protocol import PROMPT, QUIT


def receive(sock):
    while True:
        try:
            data, _ = sock.recvfrom(65536)
        except OSError:
            break
        print(data.decode("utf-8", "replace"), flush=True)


def main(host, port):
    time.sleep(2)  # a client that takes its time before it says anything
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
        sock.sendto(text.encode("utf-8"), server)
        if text == QUIT:
            break
    sock.close()
