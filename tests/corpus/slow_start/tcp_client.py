"""Corpus: a correct TCP client that waits 2 s before it connects."""
import socket
import threading
import time


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
    time.sleep(2)  # a client that takes its time before it connects
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
