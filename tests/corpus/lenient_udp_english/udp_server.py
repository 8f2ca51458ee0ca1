"""A working UDP chat in English: «Welcome, name!», «name has joined», «name says: text», «/exit»."""
import socket

ADDR = ("0.0.0.0", 20001)


def run_server(host="0.0.0.0", port=20001):
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind((host, port))
    who = {}

    def others(text, skip):
        for addr in list(who):
            if addr != skip:
                sock.sendto(text.encode(), addr)

    while True:
        packet, addr = sock.recvfrom(65536)
        text = packet.decode(errors="replace").strip()
        if addr not in who:
            who[addr] = text
            sock.sendto(f"Welcome, {text}!".encode(), addr)
            others(f"{text} has joined", addr)
        elif text == "/exit":
            gone = who.pop(addr)
            others(f"{gone} has left", addr)
        else:
            others(f"{who[addr]} says: {text}", addr)


if __name__ == "__main__":
    run_server()
