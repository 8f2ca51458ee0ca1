"""Its client: «Name: » prompt, a receiving thread, /exit to leave."""
import socket
import threading


def main(host="127.0.0.1", port=20001):
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    name = input("Name: ")
    sock.sendto(name.encode(), (host, port))

    def pump():
        while True:
            try:
                data, _ = sock.recvfrom(65536)
            except OSError:
                return
            print(data.decode(errors="replace"), flush=True)

    threading.Thread(target=pump, daemon=True).start()
    while True:
        try:
            line = input()
        except EOFError:
            break
        sock.sendto(line.encode(), (host, port))
        if line == "/exit":
            break


if __name__ == "__main__":
    main()
