"""Memory per idle user: RSS of a chat server before and after N users join and stay silent.

    python benchmarks/idle_memory.py [--users 200] [FOLDER ...]

Each FOLDER's tcp_server.py is started as `python tcp_server.py`-style main(host, port) in
a child process on a free loopback port; N users connect, give a name, read the welcome and
then say nothing. The figure is (RSS with N users - RSS with none) / N, from
/proc/<pid>/status (Linux only). Default folders: solutions and the asyncio peer.
"""
import argparse
import socket
import subprocess
import sys
import time
from pathlib import Path

KIT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(KIT))

from chatkit import protocol  # noqa: E402
from chatkit.ports import LOOPBACK, free_port  # noqa: E402

START = ("import sys, runpy; sys.path.insert(0, sys.argv[1]); "
         "runpy.run_path(sys.argv[1] + '/tcp_server.py')['main']('127.0.0.1', int(sys.argv[2]))")


def rss_kb(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def join(port, name, deadline):
    sock = socket.create_connection((LOOPBACK, port), timeout=10)
    sock.sendall(protocol.encode_line(name))
    wanted, got = protocol.welcome(name).encode(protocol.ENCODING), b""
    while wanted not in got and time.monotonic() < deadline:
        got += sock.recv(65536)
    return sock


def measure(folder, users):
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-c", START, str(folder), str(port)], cwd=KIT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    socks = []
    try:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection((LOOPBACK, port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.05)
        socks.append(join(port, "probe", time.monotonic() + 10))
        time.sleep(0.5)
        before = rss_kb(proc.pid)
        deadline = time.monotonic() + 60
        socks += [join(port, f"idle{n}", deadline) for n in range(users)]
        time.sleep(1.0)  # let every thread settle into its wait
        after = rss_kb(proc.pid)
        return before, after
    finally:
        for sock in socks:
            sock.close()
        proc.kill()
        proc.wait(10)


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("folders", nargs="*", type=Path,
                   default=[KIT / "solutions", KIT / "benchmarks" / "peers" / "asyncio_chat"])
    p.add_argument("--users", type=int, default=200)
    args = p.parse_args(argv)
    for folder in args.folders:
        before, after = measure(folder.resolve(), args.users)
        print(f"{folder}: {before / 1024:.1f} MB with 1 user, {after / 1024:.1f} MB with {args.users + 1}: "
              f"{(after - before) / args.users:.1f} KB per idle user")


if __name__ == "__main__":
    main()
