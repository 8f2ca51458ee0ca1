"""A submission in the lecture example's style, written for the grader's tests.

Kept on purpose: module-level clients and chat_lock, handle_client/mailing, sending in a
loop while holding the lock, every recv(1024).decode() taken as one whole message, no
newline added to anything sent, broad excepts. Fixed, so that ordinary use works: mailing
collects the sockets it failed to reach and removes them after the loop, leaving removes
a user only if still present, and the server socket is created inside main(host, port).
"""
import socket
import threading

from chatkit.ports import DEFAULT_PORT, SERVER_HOST
from chatkit.protocol import PROMPT, chat_line, joined, left, welcome

clients = {}

chat_lock = threading.Lock()  # блокировка для безопасного доступа к словарю клиентов


def handle_client(client_socket, client_address):  # общение с одним клиентом
    client_socket.send(PROMPT.encode())
    username = client_socket.recv(1024).decode().strip()

    client_socket.send(welcome(username).encode())

    mailing(joined(username), client_socket)

    with chat_lock:
        clients[client_socket] = username

    while True:
        try:
            message = client_socket.recv(1024).decode()
            if not message:
                break
            mailing(chat_line(username, message), client_socket)
        except:
            break

    with chat_lock:  # клиент ушёл: удаляем его, если рассылка не удалила раньше
        if client_socket in clients:
            del clients[client_socket]
    client_socket.close()
    mailing(left(username), client_socket)


def mailing(message, sender_socket):
    with chat_lock:
        failed = []
        for client_socket in clients:
            if client_socket != sender_socket:
                try:
                    client_socket.send(message.encode())
                except:
                    failed.append(client_socket)
        for client_socket in failed:  # удаляем после обхода, а не во время
            client_socket.close()
            del clients[client_socket]


def main(host=SERVER_HOST, port=DEFAULT_PORT):
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind((host, port))
    server.listen(5)
    print(f"Сервер запущен на {host}:{port}")

    while True:
        client_socket, client_address = server.accept()
        client_handler = threading.Thread(target=handle_client, args=(client_socket, client_address))
        client_handler.start()


if __name__ == "__main__":
    from chatkit.cli import run_by_hand
    run_by_hand(main, "server")
