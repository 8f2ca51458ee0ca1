"""Corpus: a correct TCP server that reads and writes through sock.makefile() and readline()."""
import socket
import threading

from chatkit.protocol import PROMPT, chat_line, joined, left, welcome

writers = {}          # name -> text file to write to
writers_lock = threading.Lock()


def tell_others(text, me):
    with writers_lock:
        for name, out in list(writers.items()):
            if name == me:
                continue
            try:
                out.write(text + "\n")
                out.flush()
            except OSError:
                pass


def serve(sock):
    reader = sock.makefile("r", encoding="utf-8", errors="replace")
    writer = sock.makefile("w", encoding="utf-8")
    writer.write(PROMPT)
    writer.flush()
    name = reader.readline().strip()
    if not name:
        sock.close()
        return
    writer.write(welcome(name) + "\n")
    writer.flush()
    tell_others(joined(name), name)
    with writers_lock:
        writers[name] = writer
    try:
        while True:
            line = reader.readline()
            if not line:
                break
            line = line.strip("\r\n")
            if line:
                tell_others(chat_line(name, line), name)
    except OSError:
        pass
    with writers_lock:
        writers.pop(name, None)
    tell_others(left(name), name)
    sock.close()


def main(host, port):
    server = socket.create_server((host, port), reuse_port=False)
    while True:
        conn, _ = server.accept()
        threading.Thread(target=serve, args=(conn,), daemon=True).start()
