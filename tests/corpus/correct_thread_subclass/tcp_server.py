"""Corpus: a correct TCP server whose per-client handler is a threading.Thread subclass."""
import socket
import threading

from chatkit.protocol import PROMPT, chat_line, joined, left, welcome

users = {}
lock = threading.Lock()


def mailing(text, sender):
    data = (text + "\n").encode("utf-8")
    with lock:
        for sock in list(users):
            if sock is sender:
                continue
            try:
                sock.sendall(data)
            except OSError:
                pass


class ClientThread(threading.Thread):
    def __init__(self, sock):
        super().__init__(daemon=True)
        self.sock = sock

    def run(self):
        sock = self.sock
        buffer = b""
        name = None
        try:
            sock.sendall(PROMPT.encode("utf-8"))
            while True:
                chunk = sock.recv(2048)
                if not chunk:
                    break
                buffer += chunk
                while b"\n" in buffer:
                    raw, buffer = buffer.split(b"\n", 1)
                    text = raw.decode("utf-8", "replace").strip()
                    if name is None:
                        name = text
                        sock.sendall((welcome(name) + "\n").encode("utf-8"))
                        mailing(joined(name), sock)
                        with lock:
                            users[sock] = name
                    elif text:
                        mailing(chat_line(name, text), sock)
        except OSError:
            pass
        with lock:
            users.pop(sock, None)
        sock.close()
        if name is not None:
            mailing(left(name), sock)


class AcceptThread(threading.Thread):
    def __init__(self, host, port):
        super().__init__()
        self.listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind((host, port))
        self.listener.listen(20)

    def run(self):
        while True:
            sock, _ = self.listener.accept()
            ClientThread(sock).start()


def main(host, port):
    AcceptThread(host, port).start()
