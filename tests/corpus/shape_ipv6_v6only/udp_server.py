"""Corpus: a correct UDP server on IPv6's wildcard ("::") only, as Windows' AF_INET6 sockets are by default."""
import socket

from chatkit.protocol import QUIT, chat_line, joined, left, welcome

clients = {}   # address -> name


def mailing(server, text, sender):
    data = text.encode("utf-8")
    for address in list(clients):
        if address != sender:
            server.sendto(data, address)


def main(host, port):
    server = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
    server.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)   # Windows' default
    server.bind(("::", port))
    while True:
        data, address = server.recvfrom(65536)
        text = data.decode("utf-8", "replace").strip()
        if address not in clients:
            clients[address] = text
            server.sendto(welcome(text).encode("utf-8"), address)
            mailing(server, joined(text), address)
        elif text == QUIT:
            name = clients.pop(address)
            mailing(server, left(name), address)
        elif text:
            mailing(server, chat_line(clients[address], text), address)
