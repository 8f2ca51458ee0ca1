"""A working chat in its own words: «присоединился к чату!», «[имя] текст», its own prompt."""
import socket
import threading

HOST, PORT = "0.0.0.0", 7777
members = {}
guard = threading.Lock()


def announce(text, skip=None):
    with guard:
        socks = [s for s in members if s is not skip]
    for s in socks:
        try:
            s.sendall((text + "\n").encode("utf-8"))
        except OSError:
            pass


def serve(conn):
    conn.sendall("Как тебя зовут? ".encode("utf-8"))
    stream = conn.makefile("r", encoding="utf-8", errors="replace")
    nick = stream.readline().strip()
    if not nick:
        conn.close()
        return
    conn.sendall(f"Привет, {nick}! Ты в чате.\n".encode("utf-8"))
    announce(f"{nick} присоединился к чату!", skip=conn)
    with guard:
        members[conn] = nick
    try:
        for line in stream:
            line = line.strip()
            if line:
                announce(f"[{nick}] {line}", skip=conn)
    except OSError:
        pass
    with guard:
        members.pop(conn, None)
    announce(f"{nick} вышел из чата")
    conn.close()


def start_server(host=HOST, port=PORT):
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind((host, port))
    listener.listen()
    print("Сервер слушает порт", port)
    while True:
        conn, _ = listener.accept()
        threading.Thread(target=serve, args=(conn,), daemon=True).start()


if __name__ == "__main__":
    start_server()
