"""A UDP chat server written as a script: bound at import to 0.0.0.0:9999, no functions, no guard."""
import socket

sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
sock.bind(("0.0.0.0", 9999))
names = {}


def send_all(text, skip=None):
    for address in list(names):
        if address != skip:
            sock.sendto(text.encode("utf-8"), address)


while True:
    data, address = sock.recvfrom(4096)
    text = data.decode("utf-8", "replace").strip()
    if address not in names:
        names[address] = text
        sock.sendto(f"Добро пожаловать, {text}!".encode("utf-8"), address)
        send_all(f"{text} присоединился к чату.", skip=address)
    elif text == "/quit":
        name = names.pop(address)
        send_all(f"{name} покинул чат.")
    else:
        send_all(f"{names[address]}: {text}", skip=address)
