"""A UDP chat client with its server's address hard-coded and its own name prompt."""
import socket
import threading

SERVER = ("192.168.0.10", 9999)


def receive(sock):
    while True:
        try:
            data, _ = sock.recvfrom(4096)
        except OSError:
            return
        print(data.decode("utf-8", "replace"), flush=True)


def main():
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    name = input("Введите ваше имя: ")
    sock.sendto(name.encode("utf-8"), SERVER)
    threading.Thread(target=receive, args=(sock,), daemon=True).start()
    while True:
        try:
            line = input()
        except EOFError:
            break
        sock.sendto(line.encode("utf-8"), SERVER)
        if line == "/quit":
            break


if __name__ == "__main__":
    main()
