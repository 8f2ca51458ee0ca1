"""Corpus: a correct UDP server as a class, with a receiving thread and a lock around the users."""
import socket
import threading

from chatkit.protocol import QUIT, chat_line, clean_name, decode_message, joined, left, welcome


class UdpChat:
    def __init__(self, host, port):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind((host, port))
        self.users = {}
        self.lock = threading.Lock()

    def send_all(self, text, sender):
        data = text.encode("utf-8")
        with self.lock:
            targets = [address for address in self.users if address != sender]
        for address in targets:
            try:
                self.sock.sendto(data, address)
            except OSError:
                pass

    def handle(self, data, address):
        text = decode_message(data)
        with self.lock:
            name = self.users.get(address)
        if name is None:
            with self.lock:
                name = clean_name(text, self.users.values())
                self.users[address] = name
            self.sock.sendto(welcome(name).encode("utf-8"), address)
            self.send_all(joined(name), address)
        elif text == QUIT:
            with self.lock:
                del self.users[address]
            self.send_all(left(name), address)
        elif text:
            self.send_all(chat_line(name, text), address)

    def loop(self):
        while True:
            try:
                data, address = self.sock.recvfrom(65536)
            except ConnectionResetError:
                continue
            self.handle(data, address)


def main(host, port):
    chat = UdpChat(host, port)
    threading.Thread(target=chat.loop, name="udp-loop").start()
