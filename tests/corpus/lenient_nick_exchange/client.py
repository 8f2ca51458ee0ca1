"""Its client: the nickname is asked first; a «NICK» from the server is answered with it."""
import socket
import threading

nickname = input("Choose your nickname: ")
client = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
client.connect(("127.0.0.1", 55555))


def receive():
    while True:
        try:
            message = client.recv(1024).decode("utf-8")
        except OSError:
            break
        if not message:
            break
        if message == "NICK":
            client.send(nickname.encode("utf-8"))
        else:
            print(message, end="", flush=True)


def write():
    while True:
        try:
            text = input("")
        except EOFError:
            break
        client.send(text.encode("utf-8"))


threading.Thread(target=receive, daemon=True).start()
write()
