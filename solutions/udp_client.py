"""Reference UDP chat client: the main thread sends what is typed, a second thread prints.

Threads
-------
A chat client waits for two things at once: the user's next line (input()) and the next
datagram from the server (recv()). main() itself waits for the keyboard; a daemon thread,
the *receiver* (print_incoming), waits for datagrams and prints each one. When the user
types "/quit" or the input ends, main() sends "/quit" and returns; the receiver is a daemon
thread, so it does not keep the program alive.

The two threads share only the socket, one sending and one receiving, so no lock is
needed; the event `leaving` tells the receiver that what happens to the socket from then on is
no news to print.

Why connect() a UDP socket
--------------------------
A UDP socket can send to anyone, and receive from anyone. connect() fixes the other end
once: send() needs no address, the socket accepts datagrams from the server only, and if
no server is listening at all, the system says so (ConnectionRefusedError) instead of
letting every message vanish in silence.
"""
import os
import socket
import sys
import threading

if __package__ in (None, ""):
    # Started as a file (python solutions/udp_client.py): Python put solutions/ on the
    # import path instead of the kit's root, so chatkit would not be found.
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from chatkit import protocol
from chatkit.ports import CLIENT_HOST, DEFAULT_PORT

MAX_DATAGRAM = 65535
RECEIVER_STOP_SECONDS = 1.0  # main() waits this long for the receiver to stop

NO_SERVER = "Сервер не отвечает: он запущен? Проверьте --host и --port."


def print_incoming(sock, leaving):
    """Receiver thread: print every datagram from the server until main() is done."""
    while True:
        try:
            data = sock.recv(MAX_DATAGRAM)
        except (ConnectionRefusedError, ConnectionResetError):
            # Nobody listens at the server's address: an earlier datagram bounced.
            # (Linux calls this "refused", Windows "reset".)
            if leaving.is_set():
                return
            print(NO_SERVER)
            continue
        except OSError:
            return  # the socket was closed
        if leaving.is_set():
            return  # main() shut the socket down (from then on recv() returns b"")
        print(data.decode(protocol.ENCODING, errors="replace").rstrip("\r\n"))


def main(host=CLIENT_HOST, port=DEFAULT_PORT):
    """Chat through the server at host:port until /quit or the end of input."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    leaving = threading.Event()
    receiver = threading.Thread(
        target=print_incoming, args=(sock, leaving), name="receiver", daemon=True
    )
    joined = False  # True once the name has gone out: from then on, leaving means "/quit"
    try:
        sock.connect((host, port))
        try:
            name = input(protocol.PROMPT)
        except EOFError:
            return  # the input ended before a name: we never joined, so nothing to say
        receiver.start()  # before the name goes out, so the welcome cannot be missed
        sock.send(name.encode(protocol.ENCODING))
        joined = True
        while True:
            try:
                text = input()
            except EOFError:
                break  # the input has ended: leave the way /quit does
            if text == protocol.QUIT:
                break
            if text:  # the server would ignore an empty message anyway
                sock.send(text.encode(protocol.ENCODING))
    finally:
        # Also reached on Ctrl-C: the server still hears "/quit", or it would keep
        # sending to us after we are gone (UDP never tells it).
        leaving.set()  # from here on, what the socket reports is no news to print
        if joined:
            try:
                sock.send(protocol.QUIT.encode(protocol.ENCODING))
            except OSError:
                pass  # the server has gone; there is nobody to say goodbye to
        try:
            sock.shutdown(socket.SHUT_RDWR)  # wakes the receiver if it waits in recv()
        except OSError:
            pass  # not connected, or already shut
        if receiver.is_alive():
            receiver.join(RECEIVER_STOP_SECONDS)
        sock.close()

if __name__ == "__main__":
    from chatkit.cli import run_by_hand

    run_by_hand(main, "client")
