"""Corpus: a correct TCP client whose receiver is a threading.Thread subclass."""
import socket
import threading


class Receiver(threading.Thread):
    def __init__(self, sock):
        super().__init__(daemon=True)
        self.sock = sock

    def run(self):
        while True:
            try:
                data = self.sock.recv(4096)
            except OSError:
                break
            if not data:
                break
            print(data.decode("utf-8", "replace"), end="", flush=True)


def main(host, port):
    sock = socket.socket()
    sock.connect((host, port))
    Receiver(sock).start()
    while True:
        try:
            line = input()
        except EOFError:
            break
        sock.send((line + "\n").encode("utf-8"))
    sock.close()
