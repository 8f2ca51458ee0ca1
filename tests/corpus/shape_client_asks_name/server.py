"""A server that takes the first line as the name, with no prompt of its own."""
import socket
import threading

users = {}
lock = threading.Lock()


def tell(text, skip=None):
    with lock:
        targets = [c for c in users if c is not skip]
    for c in targets:
        try:
            c.sendall((text + "\n").encode("utf-8"))
        except OSError:
            pass


def client_thread(conn):
    reader = conn.makefile("r", encoding="utf-8")
    name = reader.readline().strip()
    if not name:
        return
    conn.sendall(f"Добро пожаловать, {name}!\n".encode("utf-8"))
    tell(f"{name} присоединился к чату.", skip=conn)
    with lock:
        users[conn] = name
    for line in reader:
        if line.strip():
            tell(f"{name}: {line.strip()}", skip=conn)
    with lock:
        users.pop(conn, None)
    tell(f"{name} покинул чат.")


def main(host="0.0.0.0", port=4000):
    s = socket.socket()
    s.bind((host, port))
    s.listen()
    while True:
        conn, _ = s.accept()
        threading.Thread(target=client_thread, args=(conn,)).start()


if __name__ == "__main__":
    main()
