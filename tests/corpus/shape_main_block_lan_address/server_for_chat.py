"""Everything in the __main__ block, bound to a LAN address this machine does not have."""
import socket
import threading

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


if __name__ == "__main__":
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("192.168.1.50", 6000))
    server.listen()
    print("server on 192.168.1.50:6000")
    while True:
        conn, _ = server.accept()
        threading.Thread(target=serve_one, args=(conn,)).start()
