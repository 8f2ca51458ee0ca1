"""Answers the server's name prompt only when that exact prompt arrives.

Before, --lenient took `__name__ == "__main__"` for the word this client waits for, sent
"__main__" instead of the prompt, and the client never gave its name: 38 by default,
10 with --lenient.
"""
import socket
import threading

PROMPT = "Введите ваше имя: "


def listen(sock, asked):
    for line in sock.makefile("r", encoding="utf-8", errors="replace"):
        if line.rstrip("\n") == PROMPT:
            asked.set()
        print(line, end="", flush=True)


def main():
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.connect(("127.0.0.1", 5000))
    asked = threading.Event()
    threading.Thread(target=listen, args=(sock, asked), daemon=True).start()
    asked.wait()
    while True:
        try:
            line = input()
        except EOFError:
            break
        sock.sendall((line + "\n").encode("utf-8"))
    sock.close()


if __name__ == "__main__":
    main()
