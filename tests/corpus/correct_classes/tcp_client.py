"""Corpus: a correct TCP client written as a class with a receiving thread."""
import socket
import threading


class ChatClient:
    def __init__(self, host, port):
        self.sock = socket.create_connection((host, port))
        self.receiver = threading.Thread(target=self.receive_loop, daemon=True)

    def receive_loop(self):
        while True:
            try:
                data = self.sock.recv(1024)
            except OSError:
                return
            if not data:
                return
            print(data.decode("utf-8", "replace"), end="", flush=True)

    def send_loop(self):
        while True:
            try:
                text = input()
            except EOFError:
                return
            self.sock.sendall((text + "\n").encode("utf-8"))

    def run(self):
        self.receiver.start()
        self.send_loop()
        self.sock.close()


def main(host, port):
    ChatClient(host, port).run()
