"""Corpus: a race on a set. The accept loop adds every new connection to the set `online`,
and every notice and message is sent by walking `online` without a lock (to those who have
a name). When someone connects while another user's thread is walking the set (a join
notice going out as the next user arrives), the walk raises "RuntimeError: Set changed
size during iteration" -- sometimes -- and that thread dies: its user is heard no more, and
nobody learns when they leave.
"""
import socket
import threading

from chatkit.protocol import PROMPT, chat_line, joined, left, welcome

online = set()   # sockets of users who have a name
names = {}       # socket -> name


class Connection(threading.Thread):
    def __init__(self, sock):
        super().__init__(daemon=True)
        self.sock = sock
        self.buffer = b""

    def send(self, text):
        self.sock.sendall((text + "\n").encode("utf-8"))

    def read_line(self):
        while b"\n" not in self.buffer:
            chunk = self.sock.recv(4096)
            if not chunk:
                return None
            self.buffer += chunk
        line, self.buffer = self.buffer.split(b"\n", 1)
        return line.decode("utf-8", "replace").rstrip("\r")

    def tell_others(self, text):
        for other in online:   # RACE: another thread may add to online meanwhile
            if other is not self.sock and other in names:
                try:
                    other.sendall((text + "\n").encode("utf-8"))
                except OSError:
                    pass

    def run(self):
        name = None
        try:
            self.sock.sendall(PROMPT.encode("utf-8"))
            name = self.read_line()
            if name is None:
                return
            name = name.strip()
            names[self.sock] = name
            self.send(welcome(name))
            self.tell_others(joined(name))
            while True:
                text = self.read_line()
                if text is None:
                    break
                if text:
                    self.tell_others(chat_line(name, text))
        except OSError:
            pass
        finally:
            online.discard(self.sock)
            if name is not None:
                self.tell_others(left(name))
            self.sock.close()


def main(host, port):
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind((host, port))
    listener.listen(32)
    while True:
        sock, _ = listener.accept()
        online.add(sock)
        Connection(sock).start()
