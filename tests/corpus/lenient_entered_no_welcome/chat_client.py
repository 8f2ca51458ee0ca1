"""Its client, a script: connects at once to localhost:5050."""
import socket
import threading

s = socket.socket()
s.connect(("localhost", 5050))


def incoming():
    while True:
        data = s.recv(1024)
        if not data:
            break
        print(data.decode("utf-8", "replace"))


threading.Thread(target=incoming, daemon=True).start()
while True:
    try:
        s.send(input().encode("utf-8"))
    except EOFError:
        break
