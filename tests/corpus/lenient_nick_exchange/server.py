"""A working chat with a NICK exchange: the server sends «NICK», the client answers with its nick.

English notices («... joined the chat!», «... left the chat.»), relays «nick: text».
"""
import socket
import threading

HOST = "127.0.0.1"
PORT = 55555

server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
server.bind((HOST, PORT))
server.listen()

connections = []
nicknames = []
mutex = threading.Lock()


def send_everyone(message, but=None):
    with mutex:
        pairs = list(zip(connections, nicknames))
    for conn, _ in pairs:
        if conn is not but:
            try:
                conn.send(message.encode("utf-8"))
            except OSError:
                pass


def drop(conn):
    with mutex:
        if conn not in connections:
            return None
        index = connections.index(conn)
        connections.pop(index)
        return nicknames.pop(index)


def client_loop(conn, nickname):
    while True:
        try:
            data = conn.recv(1024)
        except OSError:
            data = b""
        if not data:
            break
        send_everyone(f"{nickname}: {data.decode('utf-8').strip()}\n", but=conn)
    if drop(conn) is not None:
        send_everyone(f"{nickname} left the chat.\n")
    conn.close()


def receive():
    while True:
        conn, address = server.accept()
        conn.send("NICK".encode("utf-8"))
        nickname = conn.recv(1024).decode("utf-8").strip()
        with mutex:
            connections.append(conn)
            nicknames.append(nickname)
        conn.send("Connected to the server!\n".encode("utf-8"))
        send_everyone(f"{nickname} joined the chat!\n", but=conn)
        threading.Thread(target=client_loop, args=(conn, nickname)).start()


receive()
