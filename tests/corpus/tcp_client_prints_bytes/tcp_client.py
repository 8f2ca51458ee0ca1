"""Corpus mutant: prints the raw bytes object (b'\xd0...') instead of the decoded text."""
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
        print(data, flush=True)  # BUG: bytes, not text


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
