"""A working chat that never welcomes: «Имя:» prompt, «вошёл в чат», «<имя> текст», «ушёл».

Bound at import to port 5050, served from the __main__ block.
"""
import socket
import threading

sock = socket.socket()
sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
sock.bind(("", 5050))
sock.listen(10)

people = []   # [conn, name]
people_lock = threading.Lock()


def spread(message, sender=None):
    data = (message + "\r\n").encode("utf-8")
    with people_lock:
        for conn, _ in people:
            if conn is not sender:
                try:
                    conn.send(data)
                except OSError:
                    pass


def talk(conn):
    conn.send("Имя:".encode("utf-8"))
    name = conn.recv(1024).decode("utf-8").strip()
    spread(f"* {name} вошёл в чат", conn)
    with people_lock:
        people.append([conn, name])
    while True:
        try:
            data = conn.recv(1024)
        except OSError:
            data = b""
        if not data:
            break
        spread(f"<{name}> {data.decode('utf-8').strip()}", conn)
    with people_lock:
        for pair in people:
            if pair[0] is conn:
                people.remove(pair)
                break
    spread(f"* {name} ушёл")


if __name__ == "__main__":
    while True:
        c, a = sock.accept()
        threading.Thread(target=talk, args=(c,)).start()
