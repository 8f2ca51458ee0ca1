"""Corpus: a correct UDP client as a class with a receiving Thread subclass."""
import socket
import threading

from chatkit.protocol import PROMPT, QUIT


class Listener(threading.Thread):
    def __init__(self, sock):
        super().__init__(daemon=True)
        self.sock = sock

    def run(self):
        while True:
            try:
                data, _ = self.sock.recvfrom(65536)
            except OSError:
                return
            print(data.decode("utf-8", "replace"), flush=True)


class UdpClient:
    def __init__(self, host, port):
        self.server = (host, port)
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)

    def run(self):
        try:
            name = input(PROMPT)
        except EOFError:
            return
        self.sock.sendto(name.encode("utf-8"), self.server)
        Listener(self.sock).start()
        while True:
            try:
                text = input()
            except EOFError:
                text = QUIT
            self.sock.sendto(text.encode("utf-8"), self.server)
            if text == QUIT:
                return


def main(host, port):
    UdpClient(host, port).run()
