"""Corpus mutant: a working chat on socketserver.ThreadingTCPServer.

It behaves correctly, but the assignment asks for socket and threading by hand (accept()
and a threading.Thread per client), so only the static check fails.
"""
import socketserver
import threading

from chatkit.protocol import PROMPT, chat_line, joined, left, welcome

clients = {}
lock = threading.Lock()


def mailing(text, sender):
    data = (text + "\n").encode("utf-8")
    with lock:
        targets = [w for w in clients if w is not sender]
    for wfile in targets:
        try:
            wfile.write(data)
        except OSError:
            pass


class ChatHandler(socketserver.StreamRequestHandler):
    def handle(self):
        self.wfile.write(PROMPT.encode("utf-8"))
        name = self.rfile.readline().decode("utf-8", "replace").strip()
        if not name:
            return
        self.wfile.write((welcome(name) + "\n").encode("utf-8"))
        mailing(joined(name), self.wfile)
        with lock:
            clients[self.wfile] = name
        for raw in self.rfile:
            text = raw.decode("utf-8", "replace").strip()
            if text:
                mailing(chat_line(name, text), self.wfile)
        with lock:
            del clients[self.wfile]
        mailing(left(name), self.wfile)


class Server(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True


def main(host, port):
    Server((host, port), ChatHandler).serve_forever()
