"""Its client: shows everything the server sends, sends every typed line."""
import socket
import threading


def listen(sock):
    while True:
        chunk = sock.recv(2048)
        if not chunk:
            print("Соединение закрыто")
            return
        print(chunk.decode("utf-8", "replace"), end="", flush=True)


def start_client(host="127.0.0.1", port=7777):
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.connect((host, port))
    threading.Thread(target=listen, args=(sock,), daemon=True).start()
    while True:
        try:
            typed = input()
        except EOFError:
            break
        sock.sendall((typed + "\n").encode("utf-8"))
    sock.close()


if __name__ == "__main__":
    start_client()
