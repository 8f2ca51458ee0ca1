"""`ChatServer(host, port).run()` binds, starts the accept loop in a thread of its own and
returns; the program lives on in that (non-daemon) thread."""
import socket
import threading


class ChatServer:
    def __init__(self, host, port):
        self.address = (host, port)
        self.names = {}
        self.lock = threading.Lock()

    def run(self):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(self.address)
        self.sock.listen(10)
        threading.Thread(target=self.accept_loop).start()
        print("Сервер запущен на", self.address)

    def accept_loop(self):
        while True:
            conn, _ = self.sock.accept()
            threading.Thread(target=self.serve, args=(conn,), daemon=True).start()

    def send_all(self, text, skip=None):
        with self.lock:
            targets = [c for c in self.names if c is not skip]
        for c in targets:
            try:
                c.sendall((text + "\n").encode("utf-8"))
            except OSError:
                pass

    def serve(self, conn):
        conn.sendall("Введите ваше имя: \n".encode("utf-8"))
        reader = conn.makefile("r", encoding="utf-8", errors="replace")
        name = reader.readline().strip()
        if not name:
            conn.close()
            return
        conn.sendall(f"Добро пожаловать, {name}!\n".encode("utf-8"))
        self.send_all(f"{name} присоединился к чату.")
        with self.lock:
            self.names[conn] = name
        for text in reader:
            text = text.rstrip("\r\n")
            if text == "/quit":
                break
            if text.strip():
                self.send_all(f"{name}: {text}", skip=conn)
        with self.lock:
            self.names.pop(conn, None)
        conn.close()
        self.send_all(f"{name} покинул чат.")


if __name__ == "__main__":
    ChatServer("localhost", 9000).run()
