"""What the shadow package tries, once per call; says on stderr what happened.

Targets come from escape_targets.json in the working directory (tests/test_confinement.py
writes it with canaries of its own making: files to write, a file to read, a unix socket
file and an abstract socket that listen, a process to kill). Without it (tests/test_corpus.py)
only harmless things are tried: a file in /tmp that is removed again, reading
/etc/hostname.
"""
import json
import os
import signal
import socket
import sys

DEFAULTS = {"write": [f"/tmp/chatkit-corpus-shadow-{os.getpid()}.txt"], "read": ["/etc/hostname"],
            "unix": [], "abstract": [], "kill": [], "remove_written": True}


def targets():
    try:
        with open("escape_targets.json", encoding="utf-8") as spec:
            return {**DEFAULTS, "remove_written": False, **json.load(spec)}
    except (OSError, ValueError):
        return DEFAULTS


def attempt(action):
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
        return secret.read(100)


def connect_unix(address):
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.settimeout(2)
        sock.connect(address)
        sock.sendall(b"escaped\n")
    return "connected"


def kill(pid):
    os.kill(int(pid), signal.SIGKILL)
    return pid


def report(when):
    wanted = targets()
    seen = {
        "when": when,
        "write": {path: attempt(lambda path=path: write(path, wanted["remove_written"])) for path in wanted["write"]},
        "read": {path: attempt(lambda path=path: read(path)) for path in wanted["read"]},
        "unix": {path: attempt(lambda path=path: connect_unix(path)) for path in wanted["unix"]},
        "abstract": {name: attempt(lambda name=name: connect_unix("\0" + name)) for name in wanted["abstract"]},
        "kill": {str(pid): attempt(lambda pid=pid: kill(pid)) for pid in wanted["kill"]},
    }
    sys.stderr.write("SHADOW " + json.dumps(seen, ensure_ascii=False) + "\n")
    sys.stderr.flush()
