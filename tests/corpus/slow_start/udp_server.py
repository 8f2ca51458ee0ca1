"""Corpus: a correct UDP server whose import takes 3 s (a slow module-level set-up)."""
import socket
import time

from chatkit.protocol import QUIT, chat_line, joined, left, welcome

clients = {}   # address -> name


def mailing(server, text, sender):
    data = text.encode("utf-8")
    for address in list(clients):
        if address != sender:
            server.sendto(data, address)


time.sleep(3)  # a slow import: 3 s before main() even starts


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
            name = clients.pop(address)
            mailing(server, left(name), address)
        elif text:
            mailing(server, chat_line(clients[address], text), address)
