"""Corpus: a correct TCP client on an IPv6-only socket (Windows' default) that connects to "::1"."""
import socket
import threading


def receive(sock):
    while True:
        try:
            data = sock.recv(4096)
        except OSError:
            break
        if not data:
            break
        print(data.decode("utf-8", "replace"), end="", flush=True)


def main(host, port):
    sock = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
    sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)   # Windows' default
    sock.connect(("::1", port))
    threading.Thread(target=receive, args=(sock,), daemon=True).start()
    while True:
        try:
            text = input()
        except EOFError:
            break
        sock.sendall((text + "\n").encode("utf-8"))
    sock.close()
