"""Corpus mutant: no receiving thread: the client reads the server only right after sending a line."""
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
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.connect((host, port))
    print(sock.recv(4096).decode("utf-8", "replace"), end="", flush=True)
    while True:
        try:
            text = input()
        except EOFError:
            break
        sock.sendall((text + "\n").encode("utf-8"))
        print(sock.recv(4096).decode("utf-8", "replace"), end="", flush=True)  # BUG: only now
    sock.close()
