"""Corpus: a correct UDP client on an IPv6-only socket (Windows' default) that sends to "::1"."""
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
    sock = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
    sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)   # Windows' default
    server = ("::1", port)
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
