"""Half done: a thread per client, but the server only prints what it gets; it relays nothing."""
import socket
import threading


def handler(conn, addr):
    while True:
        data = conn.recv(1024)
        if not data:
            break
        print(addr, data.decode("utf-8", "replace"))  # BUG: nobody else ever sees it
    conn.close()


def main(host="0.0.0.0", port=9090):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.bind((host, port))
    s.listen()
    while True:
        conn, addr = s.accept()
        threading.Thread(target=handler, args=(conn, addr)).start()


if __name__ == "__main__":
    main()
