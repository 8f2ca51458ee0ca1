"""A server written as a class: Server(address).run(), started from the __main__ block."""
import socket
import threading


class Server:
    def __init__(self, address):
        self.address = address
        self.users = {}
        self.lock = threading.Lock()

    def broadcast(self, text, skip=None):
        with self.lock:
            targets = [conn for conn in self.users if conn is not skip]
        for conn in targets:
            try:
                conn.sendall((text + "\n").encode("utf-8"))
            except OSError:
                pass

    def handle(self, conn):
        conn.sendall("Введите ваше имя: ".encode("utf-8"))
        reader = conn.makefile("r", encoding="utf-8")
        name = reader.readline().strip()
        if not name:
            conn.close()
            return
        conn.sendall(f"Добро пожаловать, {name}!\n".encode("utf-8"))
        self.broadcast(f"{name} присоединился к чату.", skip=conn)
        with self.lock:
            self.users[conn] = name
        try:
            for line in reader:
                if line.strip():
                    self.broadcast(f"{name}: {line.strip()}", skip=conn)
        except OSError:
            pass
        with self.lock:
            self.users.pop(conn, None)
        conn.close()
        self.broadcast(f"{name} покинул чат.")

    def run(self):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            sock.bind(self.address)
            sock.listen()
            while True:
                conn, _ = sock.accept()
                threading.Thread(target=self.handle, args=(conn,)).start()


if __name__ == "__main__":
    Server(("0.0.0.0", 7000)).run()
