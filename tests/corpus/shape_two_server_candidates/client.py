"""Corpus: a correct TCP client in plain functions: input() in main, a thread that prints."""
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
    threading.Thread(target=receive, args=(sock,), daemon=True).start()
    while True:
        try:
            text = input()
        except EOFError:
            break
        sock.sendall((text + "\n").encode("utf-8"))
    sock.close()
