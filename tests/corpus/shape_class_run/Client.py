"""A client written as a class: Client(host, port).start()."""
import socket
import threading


class Client:
    def __init__(self, host, port):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.connect((host, port))

    def listen(self):
        while True:
            try:
                data = self.sock.recv(4096)
            except OSError:
                return
            if not data:
                return
            print(data.decode("utf-8", "replace"), end="", flush=True)

    def start(self):
        threading.Thread(target=self.listen).start()
        while True:
            try:
                line = input()
            except EOFError:
                break
            self.sock.sendall((line + "\n").encode("utf-8"))
        self.sock.close()


if __name__ == "__main__":
    Client("localhost", 7000).start()
