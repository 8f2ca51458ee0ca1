"""Corpus hostile: main() ends the process at once with os._exit(), before binding."""
import os
import socket


def main(host, port):
    server = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    os._exit(7)
    server.bind((host, port))
