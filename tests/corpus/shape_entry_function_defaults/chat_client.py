"""A client started by run_client(server_host, server_port)."""
import socket
import threading

from settings import PORT


def receive(sock):
    while True:
        try:
            data = sock.recv(4096)
        except OSError:
            break
        if not data:
            break
        print(data.decode("utf-8", "replace"), end="", flush=True)


def send_lines(sock):
    while True:
        try:
            line = input()
        except EOFError:
            break
        sock.sendall((line + "\n").encode("utf-8"))
    sock.close()


def run_client(server_host="localhost", server_port=PORT):
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.connect((server_host, server_port))
    threading.Thread(target=receive, args=(sock,)).start()
    send_lines(sock)


if __name__ == "__main__":
    run_client()
