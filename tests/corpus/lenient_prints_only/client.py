"""A client that would work with a server that relays."""
import socket
import threading


def show(sock):
    while True:
        data = sock.recv(1024)
        if not data:
            return
        print(data.decode("utf-8", "replace"), end="", flush=True)


def main(host="127.0.0.1", port=9090):
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.connect((host, port))
    threading.Thread(target=show, args=(sock,), daemon=True).start()
    while True:
        try:
            line = input()
        except EOFError:
            return
        sock.sendall((line + "\n").encode("utf-8"))


if __name__ == "__main__":
    main()
