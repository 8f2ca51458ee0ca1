"""Corpus: a correct TCP server written as classes: a ChatServer owns the room, a Session per user."""
import socket
import threading

from chatkit.protocol import PROMPT, chat_line, joined, left, welcome


class Session:
    def __init__(self, server, sock):
        self.server = server
        self.sock = sock
        self.name = None
        self.file = sock.makefile("r", encoding="utf-8", errors="replace", newline="\n")

    def send(self, text):
        try:
            self.sock.sendall((text + "\n").encode("utf-8"))
        except OSError:
            pass

    def run(self):
        try:
            self.sock.sendall(PROMPT.encode("utf-8"))
            first = self.file.readline()
            if not first:
                return
            self.name = first.strip()
            self.send(welcome(self.name))
            self.server.add(self)
            for line in self.file:
                text = line.rstrip("\r\n")
                if text:
                    self.server.broadcast(chat_line(self.name, text), self)
        except OSError:
            pass
        finally:
            if self.name is not None:
                self.server.remove(self)
            self.sock.close()


class ChatServer:
    def __init__(self, host, port):
        self.address = (host, port)
        self.sessions = []
        self.lock = threading.Lock()

    def add(self, session):
        with self.lock:
            others = list(self.sessions)
            self.sessions.append(session)
        for other in others:
            other.send(joined(session.name))

    def remove(self, session):
        with self.lock:
            if session in self.sessions:
                self.sessions.remove(session)
            others = list(self.sessions)
        for other in others:
            other.send(left(session.name))

    def broadcast(self, text, sender):
        with self.lock:
            others = [s for s in self.sessions if s is not sender]
        for other in others:
            other.send(text)

    def serve_forever(self):
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(self.address)
        listener.listen()
        while True:
            sock, _ = listener.accept()
            session = Session(self, sock)
            threading.Thread(target=session.run, daemon=True).start()


def main(host, port):
    ChatServer(host, port).serve_forever()
