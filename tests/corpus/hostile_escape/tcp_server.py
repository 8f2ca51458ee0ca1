"""Corpus hostile: a correct TCP server that tries, at every start, to escape its sandbox.

Before it serves, main() tries to
  * write a file outside its private copy: in the grader's folder, the user's home, /tmp;
  * read a file of the grader's user;
  * list the folder that holds the other submissions of the batch;
  * connect over TCP, and send a UDP datagram, to services of the grader's host on
    127.0.0.1 (loopback only, never another address);
  * raise its own CPU, memory and file-size limits;
  * leave a daemon behind (fork + setsid + fork), asleep for ten minutes.
It prints what happened as one line on stderr ("ESCAPE {json}"), and whatever it managed
to read, so a test can see that nothing was read.

What to try comes from escape_targets.json in its folder, which tests/test_confinement.py
writes with files and listeners of its own. Without it (in tests/test_corpus.py) it tries
only harmless things: reading /etc/hostname, listing /tmp, a file in /tmp that it removes
again, and a daemon the grader must kill. Either way it is graded as a chat: the score is
that of a correct TCP server.
"""
import json
import os
import resource
import socket
import sys
import threading

from chatkit.protocol import PROMPT, chat_line, joined, left, welcome

DEFAULTS = {"write": [f"/tmp/chatkit-corpus-escape-{os.getpid()}.txt"], "read": ["/etc/hostname"],
            "list": ["/tmp"], "tcp": [], "udp": [], "marker": "chatkit-corpus-escape", "remove_written": True}


def targets():
    try:
        with open("escape_targets.json", encoding="utf-8") as spec:
            return {**DEFAULTS, "remove_written": False, **json.load(spec)}
    except OSError:
        return DEFAULTS


def attempt(action):
    """"ok: ..." when `action` worked, else "denied: ..." with the error."""
    try:
        return "ok: " + str(action())[:200]
    except Exception as error:  # what the sandbox should answer
        return f"denied: {type(error).__name__}: {error}"[:200]


def write(path, remove):
    with open(path, "w") as out:
        out.write("escaped\n")
    if remove:
        os.remove(path)
    return path


def read(path):
    with open(path, encoding="utf-8", errors="replace") as secret:
        return secret.read(200)


def connect_tcp(port):
    with socket.create_connection(("127.0.0.1", port), timeout=2) as sock:
        sock.sendall(b"escaped\n")
    return port


def send_udp(port):
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.sendto(b"escaped\n", ("127.0.0.1", port))
    return port


def raise_limits():
    raised = []
    for name in ("RLIMIT_CPU", "RLIMIT_AS", "RLIMIT_FSIZE"):
        which = getattr(resource, name)
        resource.setrlimit(which, (resource.RLIM_INFINITY, resource.RLIM_INFINITY))
        raised.append(name)
    return raised


def leave_daemon(marker):
    middle = os.fork()
    if middle == 0:
        os.setsid()
        if os.fork() == 0:
            os.execv(sys.executable, [sys.executable, "-c", "import time; time.sleep(600)", marker])
        os._exit(0)
    os.waitpid(middle, 0)
    return marker


def try_to_escape():
    wanted = targets()
    seen = {
        "write": {path: attempt(lambda path=path: write(path, wanted["remove_written"])) for path in wanted["write"]},
        "read": {path: attempt(lambda path=path: read(path)) for path in wanted["read"]},
        "list": {path: attempt(lambda path=path: sorted(os.listdir(path))) for path in wanted["list"]},
        "tcp": {str(port): attempt(lambda port=port: connect_tcp(port)) for port in wanted["tcp"]},
        "udp": {str(port): attempt(lambda port=port: send_udp(port)) for port in wanted["udp"]},
        "limits": attempt(raise_limits),
        "daemon": attempt(lambda: leave_daemon(wanted["marker"])),
    }
    sys.stderr.write("ESCAPE " + json.dumps(seen, ensure_ascii=False) + "\n")
    sys.stderr.flush()


clients = []                      # (socket, name) of everyone who has joined
clients_lock = threading.Lock()   # the handler threads share that list


def send_line(sock, text):
    sock.sendall((text + "\n").encode("utf-8"))


def tell_others(text, sender):
    with clients_lock:
        others = [sock for sock, _ in clients if sock is not sender]
    for sock in others:
        try:
            send_line(sock, text)
        except OSError:
            pass  # that user is leaving; their own thread removes them


def serve(sock):
    reader = sock.makefile("r", encoding="utf-8", errors="replace", newline="\n")
    name = None
    try:
        sock.sendall(PROMPT.encode("utf-8"))
        first = reader.readline()
        if not first:
            return
        name = first.strip()
        send_line(sock, welcome(name))
        tell_others(joined(name), sock)
        with clients_lock:
            clients.append((sock, name))
        for line in reader:
            text = line.rstrip("\r\n")
            if text:
                tell_others(chat_line(name, text), sock)
    except OSError:
        pass
    finally:
        with clients_lock:
            was_in = (sock, name) in clients
            if was_in:
                clients.remove((sock, name))
        if was_in:
            tell_others(left(name), sock)
        sock.close()


def main(host, port):
    try_to_escape()
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind((host, port))
    server.listen(32)
    while True:
        sock, _ = server.accept()
        threading.Thread(target=serve, args=(sock,), daemon=True).start()
