"""Run as `python -m chat.server`: imports the package's own module (`from chat import common`)."""
import socket
import threading

from chat import common

clients = {}
lock = threading.Lock()


def broadcast(text, skip=None):
    with lock:
        targets = [c for c in clients if c is not skip]
    for c in targets:
        try:
            c.sendall(common.line(text))
        except OSError:
            pass


def session(conn):
    conn.sendall(common.line("Введите ваше имя: "))
    reader = conn.makefile("r", encoding=common.ENCODING, errors="replace")
    name = reader.readline().strip()
    if not name:
        conn.close()
        return
    conn.sendall(common.line(f"Добро пожаловать, {name}!"))
    broadcast(f"{name} присоединился к чату.")
    with lock:
        clients[conn] = name
    for text in reader:
        text = text.rstrip("\r\n")
        if text == "/quit":
            break
        if text.strip():
            broadcast(f"{name}: {text}", skip=conn)
    with lock:
        clients.pop(conn, None)
    conn.close()
    broadcast(f"{name} покинул чат.")


if __name__ == "__main__":
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(common.ADDRESS)
    listener.listen()
    while True:
        conn, _ = listener.accept()
        threading.Thread(target=session, args=(conn,), daemon=True).start()
