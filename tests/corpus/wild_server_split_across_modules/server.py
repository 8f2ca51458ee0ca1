"""The server's first half: it listens and hands each connection to handlers.ClientThread."""
import socket

from handlers import ClientThread


def main(host, port):
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind((host, port))
    server.listen()
    while True:
        conn, _ = server.accept()
        ClientThread(conn).start()
