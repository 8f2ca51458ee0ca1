"""Corpus: a correct TCP client that prints the server's lines as readline() returns them."""
import socket
import sys
import threading


def show(reader):
    for line in reader:
        print(line, end="", flush=True)


def main(host, port):
    sock = socket.create_connection((host, port))
    reader = sock.makefile("r", encoding="utf-8", errors="replace", newline="")
    threading.Thread(target=show, args=(reader,), daemon=True).start()
    for line in sys.stdin:
        sock.sendall(line.encode("utf-8"))
    sock.close()
