"""The server's other half: a Thread subclass per client, and the list of who is here."""
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


class ClientThread(threading.Thread):
    def __init__(self, conn):
        super().__init__(daemon=True)
        self.conn = conn

    def run(self):
        conn = self.conn
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
