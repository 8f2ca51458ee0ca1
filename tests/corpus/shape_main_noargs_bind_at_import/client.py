"""A client whose main() takes no arguments and connects to localhost:5050."""
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


def main():
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.connect(("localhost", 5050))
    threading.Thread(target=receive, args=(sock,)).start()
    send_lines(sock)


if __name__ == "__main__":
    main()
