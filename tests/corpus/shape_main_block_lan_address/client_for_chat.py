"""A client whose whole program is its __main__ block, connecting to a LAN address."""
import socket
import threading


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


if __name__ == "__main__":
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.connect(("192.168.1.50", 6000))
    threading.Thread(target=receive, args=(sock,)).start()
    send_lines(sock)
