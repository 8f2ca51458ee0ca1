"""Binds the machine's own address, socket.gethostbyname(socket.gethostname()), as many
course examples do; in the sandbox that name must resolve (to loopback) as it does at home.
A Thread subclass per client."""
import socket
import threading

HOST = socket.gethostbyname(socket.gethostname())
PORT = 12345
rooms = []
rooms_lock = threading.Lock()


def send_all(text, skip=None):
    with rooms_lock:
        targets = [h for h in rooms if h is not skip]
    for h in targets:
        try:
            h.conn.sendall((text + "\n").encode("utf-8"))
        except OSError:
            pass


class Handler(threading.Thread):
    def __init__(self, conn):
        super().__init__(daemon=True)
        self.conn = conn

    def run(self):
        self.conn.sendall("Введите ваше имя: \n".encode("utf-8"))
        lines = self.conn.makefile("r", encoding="utf-8", errors="replace")
        name = lines.readline().strip()
        if not name:
            return
        self.conn.sendall(f"Добро пожаловать, {name}!\n".encode("utf-8"))
        send_all(f"{name} присоединился к чату.")
        with rooms_lock:
            rooms.append(self)
        for line in lines:
            line = line.rstrip("\r\n")
            if line == "/quit":
                break
            if line.strip():
                send_all(f"{name}: {line}", skip=self)
        with rooms_lock:
            rooms.remove(self)
        self.conn.close()
        send_all(f"{name} покинул чат.")


def main():
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind((HOST, PORT))
    server.listen(5)
    print(f"Сервер слушает {HOST}:{PORT}")
    while True:
        conn, _ = server.accept()
        Handler(conn).start()


if __name__ == "__main__":
    main()
