"""Reference TCP chat client: one thread prints what arrives, another sends what is typed.

Threads
-------
A chat client waits for two things at once: the user's next line (input()) and the
server's next line (recv()). Each wait gets its own daemon thread:

* the *receiver* (print_incoming) prints every line from the server, and when the server
  closes the connection it tells the user and ends the chat;
* the *sender* (send_typed_lines) sends every line the user types; "/quit" or the end of
  the input (Ctrl-D, Ctrl-Z on Windows, or the end of a piped file) ends the chat.

main() starts both and waits until either of them sets the event chat_over. The thread
still waiting is a daemon thread, so it does not keep the program alive: the sender may
sit in input() forever after the server has gone, and the program still ends.

The only thing the two threads share is the socket, and each uses one direction of it (the
receiver reads, the sender writes), so no lock is needed; threading.Event objects carry
the news of who ended the chat.

Lines, not recv() calls
-----------------------
TCP carries a stream of bytes: one recv() may return half a line or several lines, and
may cut a two-byte Cyrillic letter in half. So the receiver keeps the unfinished line and
decodes only whole lines, the ones ending in b"\\n".
"""
import os
import socket
import sys
import threading

if __package__ in (None, ""):
    # Started as a file (python solutions/tcp_client.py): Python put solutions/ on the
    # import path instead of the kit's root, so chatkit would not be found.
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from chatkit import protocol
from chatkit.ports import CLIENT_HOST, DEFAULT_PORT

RECV_BYTES = 65536
LEAVE_WAIT_SECONDS = 2.0  # after /quit, how long to wait for the server to close the connection
WAIT_STEP_SECONDS = 0.5   # main() waits in short steps, so Ctrl-C works on Windows too

SERVER_CLOSED = "Сервер закрыл соединение. Чат окончен."


def print_incoming(sock, user_left, chat_over):
    """Receiver thread: print every line from the server until the connection closes."""
    partial = b""  # the start of a line whose b"\n" has not arrived yet
    while True:
        try:
            chunk = sock.recv(RECV_BYTES)
        except OSError:  # reset by the server, or shut down by main(): the same as a close
            chunk = b""
        if not chunk:
            break
        pieces = (partial + chunk).split(b"\n")
        for line in pieces[:-1]:
            print(line.decode(protocol.ENCODING, errors="replace").rstrip("\r"))
        partial = pieces[-1]
    if partial:  # a last line without b"\n" is still worth showing
        print(partial.decode(protocol.ENCODING, errors="replace"))
    if not user_left.is_set():
        print(SERVER_CLOSED)  # the user did not ask for this, so tell them
    chat_over.set()


def send_typed_lines(sock, user_left, chat_over):
    """Sender thread: send every line the user types, until /quit or the end of input."""
    # Keep a reference to sys.stdin for as long as this thread lives. If the server ends
    # the chat while this thread waits in input(), the program exits with the thread
    # stuck there; without this reference Python would try to close stdin at exit, wait
    # for the stuck thread and abort with "Fatal Python error ... <stdin>".
    stdin = sys.stdin  # noqa: F841 (kept on purpose, see above)
    while True:
        try:
            text = input()
        except EOFError:
            text = protocol.QUIT  # the input has ended: leave the way /quit does
        if text == protocol.QUIT:
            user_left.set()  # before sending, so the server's close is not news to print
        try:
            sock.sendall(protocol.encode_line(text))
        except OSError:
            return  # the server has gone; the receiver tells the user and ends the chat
        if text == protocol.QUIT:
            break
    # Give the server a moment to close the connection, so that the lines already on
    # their way are still printed; then end the chat whether it has closed or not.
    chat_over.wait(LEAVE_WAIT_SECONDS)
    chat_over.set()


def main(host=CLIENT_HOST, port=DEFAULT_PORT):
    """Chat through the server at host:port until /quit, the end of input, or the server closes."""
    sock = socket.create_connection((host, port))
    user_left = threading.Event()  # the user typed /quit or the input ended
    chat_over = threading.Event()  # either thread sets it: time for main() to return
    receiver = threading.Thread(
        target=print_incoming, args=(sock, user_left, chat_over), name="receiver", daemon=True
    )
    sender = threading.Thread(
        target=send_typed_lines, args=(sock, user_left, chat_over), name="sender", daemon=True
    )
    receiver.start()
    sender.start()
    try:
        while not chat_over.wait(WAIT_STEP_SECONDS):
            pass
    finally:
        user_left.set()  # from here on a closed connection is our doing, not news (Ctrl-C)
        try:
            sock.shutdown(socket.SHUT_RDWR)  # wakes the receiver if it still waits in recv()
        except OSError:
            pass  # the connection is already gone
        receiver.join(LEAVE_WAIT_SECONDS)  # let it print its last lines before we return
        sock.close()


if __name__ == "__main__":
    from chatkit.cli import run_by_hand

    run_by_hand(main, "client")
