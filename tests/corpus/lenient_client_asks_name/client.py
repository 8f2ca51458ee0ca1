"""Asks the name before connecting, with a prompt of its own, and sends it as the first line."""
import socket
import threading


def receiver(conn):
    while True:
        data = conn.recv(1024)
        if not data:
            break
        print(data.decode(errors="replace"), end="", flush=True)


def main(host="127.0.0.1", port=6000):
    name = input("Ваш ник: ")
    conn = socket.create_connection((host, port))
    conn.sendall((name + "\n").encode())
    threading.Thread(target=receiver, args=(conn,), daemon=True).start()
    while True:
        try:
            text = input("> ")
        except EOFError:
            break
        conn.sendall((text + "\n").encode())


if __name__ == "__main__":
    main()
