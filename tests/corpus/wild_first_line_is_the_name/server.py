"""Takes the first line as the name, asks nothing, welcomes nobody; tells a newcomer who
is already there («Сейчас в чате: Аня, Боря»), which a user alone never gets.

--lenient first met this server's silence with a second user, who got the list: it then
waited for an answer the first user of every later check never gets, and failed 1.4-1.10
with «сервер не ответил за 10 с» (63 by default, 43 lenient).
"""
import socket
import threading

people = {}
guard = threading.Lock()


def tell(text, but=None):
    with guard:
        listeners = [c for c in people if c is not but]
    for c in listeners:
        try:
            c.sendall((text + "\n").encode())
        except OSError:
            pass


def talk(conn):
    lines = conn.makefile("r", encoding="utf-8", errors="replace")
    name = lines.readline().strip()
    if not name:
        conn.close()
        return
    with guard:
        here = ", ".join(people.values())
    if here:
        conn.sendall(f"Сейчас в чате: {here}\n".encode())
    tell(f"{name} присоединился к чату.")
    with guard:
        people[conn] = name
    for line in lines:
        text = line.strip()
        if text:
            tell(f"{name}: {text}", but=conn)
    with guard:
        del people[conn]
    conn.close()
    tell(f"{name} покинул чат.")


def start(host="0.0.0.0", port=7777):
    listener = socket.socket()
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind((host, port))
    listener.listen(20)
    while True:
        conn, _ = listener.accept()
        threading.Thread(target=talk, args=(conn,), daemon=True).start()


start()
