"""Corpus hostile: a TCP server with no chat of its own that runs the kit's reference instead.

main() looks for the kit's solutions/tcp_server.py (above every folder on sys.path and
above the chatkit package it is given, and at the paths listed under "solutions" in
escape_targets.json, which tests/test_confinement.py writes) and, if it can read one,
executes it and calls its main(host, port): a perfect chat it did not write. Confined as
it must be, the child reads nothing of the kit and this module falls back to its own
code: a server that hangs up on every user, worth only the static check (10 points).
It says on stderr what it found ("BORROWED path" or "BORROWED none").
"""
import json
import os
import socket
import sys
import threading


def candidates():
    found = []
    try:
        with open("escape_targets.json", encoding="utf-8") as spec:
            found += json.load(spec).get("solutions", [])
    except (OSError, ValueError):
        pass
    import chatkit
    places = [os.path.dirname(os.path.abspath(chatkit.__file__))] + [entry for entry in sys.path if entry]
    for place in places:
        here = os.path.abspath(place)
        for _ in range(6):
            found.append(os.path.join(here, "solutions", "tcp_server.py"))
            here = os.path.dirname(here)
    return found


def borrowed():
    """The main() of the first reference solution this process can read and run, or None."""
    for path in candidates():
        try:
            with open(path, encoding="utf-8") as source:
                code = source.read()
        except OSError:
            continue
        module = {"__name__": "borrowed_reference", "__file__": path}
        try:
            exec(compile(code, path, "exec"), module)
        except Exception:
            continue
        if callable(module.get("main")):
            sys.stderr.write(f"BORROWED {path}\n")
            return module["main"]
    sys.stderr.write("BORROWED none\n")
    return None


def hang_up(host, port):
    """Its own code: accept every user and hang up at once."""
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind((host, port))
    server.listen(32)
    while True:
        sock, _ = server.accept()
        threading.Thread(target=sock.close, daemon=True).start()


def main(host, port):
    (borrowed() or hang_up)(host, port)
