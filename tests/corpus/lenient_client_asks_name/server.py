"""A working chat whose server asks nothing: the client's first line is the name.

«*** Имя зашёл ***», «Имя > текст», «*** Имя вышел ***»; a thread per client.
"""
import socket
import threading

clients = {}
lock = threading.Lock()


def broadcast(text, exclude=None):
    with lock:
        targets = [c for c in clients if c is not exclude]
    for c in targets:
        try:
            c.sendall((text + "\n").encode())
        except OSError:
            pass


def handle(conn):
    f = conn.makefile("r", encoding="utf-8")
    name = f.readline().strip()
    if not name:
        return
    conn.sendall(f"Вы вошли как {name}\n".encode())
    broadcast(f"*** {name} зашёл ***", exclude=conn)
    with lock:
        clients[conn] = name
    for line in f:
        if line.strip():
            broadcast(f"{name} > {line.strip()}", exclude=conn)
    with lock:
        del clients[conn]
    broadcast(f"*** {name} вышел ***")


def main(host="127.0.0.1", port=6000):
    srv = socket.create_server((host, port))
    while True:
        conn, _ = srv.accept()
        threading.Thread(target=handle, args=(conn,), daemon=True).start()


if __name__ == "__main__":
    main()
