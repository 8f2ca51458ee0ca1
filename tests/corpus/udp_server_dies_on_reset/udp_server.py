"""Corpus mutant: the server stops when a datagram it sent meets a closed port.

On Windows, recvfrom() raises ConnectionResetError after a sendto() to an address where
nobody listens any more (a user who closed the program without /quit). This server never
catches it. So that Linux shows the same, the socket asks for ICMP errors (IP_RECVERR),
which Linux then reports in the next recvfrom() as ConnectionRefusedError; macOS has no
such option, so the folder's expectation holds on Linux and Windows only.
"""
import socket
import sys

from chatkit.protocol import QUIT, chat_line, joined, left, welcome

IP_RECVERR = getattr(socket, "IP_RECVERR", 11)   # linux/in.h
clients = {}   # address -> name


def mailing(server, text, sender):
    data = text.encode("utf-8")
    for address in list(clients):
        if address != sender:
            server.sendto(data, address)


def main(host, port):
    server = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    if sys.platform.startswith("linux"):
        server.setsockopt(socket.IPPROTO_IP, IP_RECVERR, 1)   # Windows' behaviour, on Linux
    server.bind((host, port))
    while True:
        data, address = server.recvfrom(65536)   # BUG: an error from an earlier send stops the server
        text = data.decode("utf-8", "replace").strip()
        if address not in clients:
            clients[address] = text
            server.sendto(welcome(text).encode("utf-8"), address)
            mailing(server, joined(text), address)
        elif text == QUIT:
            mailing(server, left(clients.pop(address)), address)
        elif text:
            mailing(server, chat_line(clients[address], text), address)
