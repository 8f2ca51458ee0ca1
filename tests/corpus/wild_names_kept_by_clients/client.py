"""Asks its user's name, connects, and puts `name: ` before every line it sends (it never
sends the name alone); prints whatever arrives, in a thread of its own."""
import socket
import threading


def receive(sock):
    while True:
        try:
            data = sock.recv(1024)
        except OSError:
            break
        if not data:
            print("Соединение закрыто")
            break
        print(data.decode("utf-8", errors="replace"), end="", flush=True)


name = input("Ваше имя: ")
sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
sock.connect(("127.0.0.1", 8888))
threading.Thread(target=receive, args=(sock,), daemon=True).start()
while True:
    try:
        text = input()
    except EOFError:
        break
    if text:
        sock.sendall(f"{name}: {text}\n".encode("utf-8"))
sock.close()
