"""Corpus mutant: a working UDP chat on socketserver.UDPServer.

It behaves correctly, but the assignment asks for the socket module by hand, so only the
static check fails.
"""
import socketserver

from chatkit.protocol import QUIT, chat_line, joined, left, welcome

clients = {}


class DatagramHandler(socketserver.BaseRequestHandler):
    def mailing(self, text):
        sock = self.request[1]
        for address in list(clients):
            if address != self.client_address:
                sock.sendto(text.encode("utf-8"), address)

    def handle(self):
        data, sock = self.request
        text = data.decode("utf-8", "replace").strip()
        if self.client_address not in clients:
            clients[self.client_address] = text
            sock.sendto(welcome(text).encode("utf-8"), self.client_address)
            self.mailing(joined(text))
        elif text == QUIT:
            name = clients.pop(self.client_address)
            self.mailing(left(name))
        elif text:
            self.mailing(chat_line(clients[self.client_address], text))


def main(host, port):
    socketserver.UDPServer((host, port), DatagramHandler).serve_forever()
