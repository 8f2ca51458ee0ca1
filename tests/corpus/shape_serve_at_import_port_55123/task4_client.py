"""A client written as a script: everything at module level, port 55123 hard-coded."""
import socket
import threading


def receive(sock):
    while True:
        try:
            data = sock.recv(4096)
        except OSError:
            break
        if not data:
            break
        print(data.decode("utf-8", "replace"), end="", flush=True)


def send_lines(sock):
    while True:
        try:
            line = input()
        except EOFError:
            break
        sock.sendall((line + "\n").encode("utf-8"))
    sock.close()


sock = socket.create_connection(("127.0.0.1", 55123))
threading.Thread(target=receive, args=(sock,)).start()
send_lines(sock)
