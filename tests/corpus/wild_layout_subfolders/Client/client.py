"""The client, in Client/: prints what arrives in a thread, sends every typed line."""
import socket
import threading


def show(sock):
    while True:
        data = sock.recv(4096)
        if not data:
            break
        print(data.decode("utf-8", errors="replace"), end="", flush=True)


def main():
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.connect(("127.0.0.1", 5005))
    threading.Thread(target=show, args=(sock,), daemon=True).start()
    while True:
        try:
            line = input()
        except EOFError:
            break
        sock.sendall((line + "\n").encode("utf-8"))
    sock.close()


if __name__ == "__main__":
    main()
