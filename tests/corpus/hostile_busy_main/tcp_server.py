"""Corpus hostile: main() starts a thread that spins and spins itself, never opening the port."""
import socket
import threading


def spin():
    count = 0
    while True:
        count += 1


def main(host, port):
    threading.Thread(target=spin, daemon=True).start()
    spin()
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind((host, port))
    server.listen()
    while True:
        sock, _ = server.accept()
        threading.Thread(target=spin, args=()).start()
