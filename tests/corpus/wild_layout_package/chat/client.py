"""Run as `python -m chat.client`."""
import socket
import threading

from chat.common import ADDRESS, ENCODING, line


def show(sock):
    for text in sock.makefile("r", encoding=ENCODING, errors="replace"):
        print(text, end="", flush=True)


if __name__ == "__main__":
    sock = socket.create_connection(ADDRESS)
    threading.Thread(target=show, args=(sock,), daemon=True).start()
    while True:
        try:
            typed = input()
        except EOFError:
            break
        sock.sendall(line(typed))
