"""The course's protocol, written plainly: a thread per client, a lock around the list."""
import socket
import threading

PROMPT = "Введите ваше имя: "
users = {}
lock = threading.Lock()


def send_all(text, skip=None):
    with lock:
        targets = [conn for conn in users if conn is not skip]
    for conn in targets:
        try:
            conn.sendall((text + "\n").encode("utf-8"))
        except OSError:
            pass


def serve(conn):
    reader = conn.makefile("r", encoding="utf-8", errors="replace")
    conn.sendall((PROMPT + "\n").encode("utf-8"))
    name = reader.readline().strip()
    if not name:
        conn.close()
        return
    conn.sendall(f"Добро пожаловать, {name}!\n".encode("utf-8"))
    send_all(f"{name} присоединился к чату.")
    with lock:
        users[conn] = name
    for line in reader:
        line = line.rstrip("\r\n")
        if line == "/quit":
            break
        if line.strip():
            send_all(f"{name}: {line}", skip=conn)
    with lock:
        users.pop(conn, None)
    conn.close()
    send_all(f"{name} покинул чат.")


def main(host="127.0.0.1", port=5000):
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind((host, port))
    server.listen()
    while True:
        conn, _ = server.accept()
        threading.Thread(target=serve, args=(conn,), daemon=True).start()


if __name__ == "__main__":
    main()
