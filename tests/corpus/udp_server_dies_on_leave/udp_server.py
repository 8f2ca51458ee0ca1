"""Corpus mutant: the address is removed before its name is read for the notice: KeyError ends the server."""
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
            server.sendto(welcome(text).encode("utf-8"), address)
            mailing(server, joined(text), address)
        elif text == QUIT:
            del clients[address]
            mailing(server, left(clients[address]), address)  # BUG: KeyError
        elif text:
            mailing(server, chat_line(clients[address], text), address)
