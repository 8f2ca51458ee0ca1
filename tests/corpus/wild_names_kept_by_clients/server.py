"""Keeps no names: relays each line, as it came, to everyone else. The clients put their
user's name before every line, so people in the chat see «Аня: привет»."""
import socket
import threading

connections = []
connections_lock = threading.Lock()


def relay(data, sender):
    with connections_lock:
        others = [c for c in connections if c is not sender]
    for other in others:
        try:
            other.sendall(data)
        except OSError:
            pass


def handle(conn):
    with connections_lock:
        connections.append(conn)
    try:
        while True:
            data = conn.recv(1024)
            if not data:
                break
            relay(data, conn)
    except OSError:
        pass
    with connections_lock:
        connections.remove(conn)
    conn.close()


server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
server.bind(("", 8888))
server.listen()
print("Сервер запущен")
while True:
    conn, addr = server.accept()
    print("Подключился", addr)
    threading.Thread(target=handle, args=(conn,), daemon=True).start()
