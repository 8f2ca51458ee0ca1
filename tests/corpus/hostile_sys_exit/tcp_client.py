"""Corpus hostile: the client's main() calls sys.exit() before connecting."""
import socket
import sys
import threading


def receive(sock):
    while True:
        data = sock.recv(4096)
        if not data:
            break
        print(data.decode("utf-8", "replace"), end="")


def main(host, port):
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sys.exit("bye")
    sock.connect((host, port))
    threading.Thread(target=receive, args=(sock,), daemon=True).start()
