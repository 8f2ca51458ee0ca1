"""Corpus hostile: a syntax error (a missing colon)."""
import socket
import threading


def main(host, port)
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind((host, port))
    server.listen()
    while True:
        sock, _ = server.accept()
        threading.Thread(target=print, args=(sock,)).start()
