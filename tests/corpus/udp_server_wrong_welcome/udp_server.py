"""Corpus mutant: the welcome has other words than the protocol's."""
import socket

from chatkit.protocol import QUIT, chat_line, joined, left, welcome

clients = {}   # address -> name


def mailing(server, text, sender):
    data = text.encode("utf-8")
    for address in list(clients):
        if address != sender:
            server.sendto(data, address)


def main(host, port):
    server = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    server.bind((host, port))
    while True:
        data, address = server.recvfrom(65536)
        text = data.decode("utf-8", "replace").strip()
        if address not in clients:
            clients[address] = text
            server.sendto(f"Привет, {text}!".encode("utf-8"), address)  # BUG
            mailing(server, joined(text), address)
        elif text == QUIT:
            name = clients.pop(address)
            mailing(server, left(name), address)
        elif text:
            mailing(server, chat_line(clients[address], text), address)
