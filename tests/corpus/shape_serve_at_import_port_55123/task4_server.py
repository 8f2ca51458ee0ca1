"""A server with no functions to call: it binds 55123 and serves at import, no __main__ guard."""
import socket
import threading

PORT = 55123

users = {}
users_lock = threading.Lock()


def broadcast(text, skip=None):
    with users_lock:
        targets = [conn for conn in users if conn is not skip]
    for conn in targets:
        try:
            conn.sendall((text + "\n").encode("utf-8"))
        except OSError:
            pass


def serve_one(conn):
    conn.sendall("Введите ваше имя: ".encode("utf-8"))
    reader = conn.makefile("r", encoding="utf-8")
    name = reader.readline().strip()
    if not name:
        conn.close()
        return
    conn.sendall(f"Добро пожаловать, {name}!\n".encode("utf-8"))
    broadcast(f"{name} присоединился к чату.", skip=conn)
    with users_lock:
        users[conn] = name
    try:
        for line in reader:
            line = line.strip()
            if line:
                broadcast(f"{name}: {line}", skip=conn)
    except OSError:
        pass
    with users_lock:
        users.pop(conn, None)
    conn.close()
    broadcast(f"{name} покинул чат.")


srv = socket.socket()
srv.bind(("", PORT))
srv.listen(10)
while True:
    conn, addr = srv.accept()
    threading.Thread(target=serve_one, args=(conn,)).start()
