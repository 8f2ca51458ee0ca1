"""A client that asks for the name itself with input() and sends it as the first line."""
import socket
import threading


def printer(sock):
    while True:
        data = sock.recv(4096)
        if not data:
            break
        print(data.decode("utf-8", "replace"), end="", flush=True)


def main(host="localhost", port=4000):
    name = input("Ваше имя: ")
    sock = socket.socket()
    sock.connect((host, port))
    sock.sendall((name + "\n").encode("utf-8"))
    threading.Thread(target=printer, args=(sock,), daemon=True).start()
    while True:
        try:
            line = input()
        except EOFError:
            break
        sock.sendall((line + "\n").encode("utf-8"))


if __name__ == "__main__":
    main()
