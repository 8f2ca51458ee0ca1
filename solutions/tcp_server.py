"""Reference TCP chat server: a thread per connection, and a room no single user can freeze.

Threads
-------
The main thread only accepts connections. Every connection then gets two daemon threads
(daemon, so that Ctrl-C or the end of main can end the process while they still wait):

* its *reader* (serve_client) sends the prompt, reads the name, then reads the user's
  lines and relays each one to everybody else, until the user leaves;
* its *writer* (Client.write_backlog) sends to this user whatever they could not take at
  once. Most of the time it just sleeps.

Why the locks are there
-----------------------
All the reader threads share one thing: the room, the list of connected users. One thread
may add a user while another walks the list to relay a message, so every use of the list
happens under Room.lock. The same lock also puts the messages in one order: a thread
relays a message to everyone before the next thread may start, so all users see the
chat's lines (and joins and leaves) in the same order. It is fast, too: only one thread
runs Python code at a time anyway (the GIL), and a hundred threads taking turns after
every send() would spend their time handing the GIL around instead of sending.

Holding a lock while sending is exactly what froze the lecture example: its send() waits
as soon as one user stops reading, with the lock held, and then nobody else gets a word
through. Here the sending under the lock is done by Client.deliver(), which never waits
(see below). Nothing that can wait happens while Room.lock is held.

Each user also has a small lock of their own (Client.lock): their writer thread and the
relaying reader threads both touch their backlog, and the lock keeps the bytes whole and
in order.

Delivering without waiting
--------------------------
Client.deliver() never waits for a slow user. While nothing is queued for them, it hands
the bytes to the kernel with a non-blocking send (MSG_DONTWAIT); almost always they all
fit. What does not fit is kept in the user's backlog, and their writer thread sends it,
a piece at a time, blocking nobody but itself.

When to give up on a user
-------------------------
A user who reads slowly, or who is behind because everybody talked at once, only needs
time: each piece the writer gets out is progress. A user who never reads makes none, and
their backlog would grow for ever. So the server drops a user (and the others see them
leave) when a new message for them finds either

* that their writer has got nothing out for STALL_SECONDS while they had a backlog: they
  are not reading at all; or
* a backlog of more than MAX_BACKLOG_BYTES: even if they read, they can never catch up,
  and the server must not spend all its memory waiting for them.

Measuring progress, not only size, matters: a size limit alone drops honest users who
merely fall behind a burst, as soon as the burst is bigger than the limit.

Reading lines
-------------
TCP carries a stream of bytes, not messages: one recv() may return half a line, or several
lines at once, or cut a two-byte Cyrillic letter in half. So the reader keeps the bytes of
the unfinished line, splits on b"\\n", and decodes only whole lines (receive_lines).
"""
import os
import socket
import sys
import threading
import time

if __package__ in (None, ""):
    # Started as a file (python solutions/tcp_server.py): Python put solutions/ on the
    # import path instead of the kit's root, so chatkit would not be found.
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from chatkit import protocol
from chatkit.ports import DEFAULT_PORT, SERVER_HOST

RECV_BYTES = 65536                # how much one recv() may return
MAX_BACKLOG_BYTES = 32 * 1024 * 1024  # a user this far behind can never catch up: drop them
STALL_SECONDS = 5.0               # a user whose backlog has not moved for this long is not reading
WRITE_PIECE_BYTES = 64 * 1024     # the writer sends the backlog in pieces this big: each one is progress
LISTEN_QUEUE = 128                # connections waiting for accept(): a whole class may join at once
ACCEPT_POLL_SECONDS = 0.5         # accept() wakes up this often, so Ctrl-C works on Windows too

# MSG_DONTWAIT means "send what fits now, do not wait". Windows has no such flag: there
# every delivery goes through the backlog and the writer thread, which is slower but works.
SEND_NOW_FLAG = getattr(socket, "MSG_DONTWAIT", None)


class Client:
    """One connected user: the socket, the name, and the way out to them."""

    def __init__(self, sock, name):
        self.sock = sock
        self.name = name
        self.lock = threading.Lock()
        self.backlog_ready = threading.Condition(self.lock)  # wakes the writer
        self.backlog = bytearray()  # bytes not yet taken by the kernel, in order
        self.last_progress = time.monotonic()  # when the backlog began, or last got smaller
        self.closed = False
        self.writer = threading.Thread(
            target=self.write_backlog, name=f"writer {name}", daemon=True
        )
        self.writer.start()

    def deliver(self, data):
        """Send bytes to this user soon, without ever waiting for them."""
        with self.lock:
            if self.closed:
                return
            if not self.backlog:
                # Only while nothing is queued: otherwise these bytes would overtake the queue.
                if SEND_NOW_FLAG is not None:
                    try:
                        sent = self.sock.send(data, SEND_NOW_FLAG)
                    except BlockingIOError:  # the kernel's buffer for this user is full
                        sent = 0
                    except OSError:  # the connection is gone; the reader thread will see it too
                        self._drop()
                        return
                    data = data[sent:]
                    if not data:
                        return
                self.last_progress = time.monotonic()  # a backlog begins: start the clock
            elif time.monotonic() - self.last_progress > STALL_SECONDS:
                self._drop()  # nothing of the backlog has gone out for a long time: not reading
                return
            self.backlog += data
            if len(self.backlog) > MAX_BACKLOG_BYTES:
                self._drop()  # too far behind ever to catch up
                return
            self.backlog_ready.notify()

    def write_backlog(self):
        """Writer thread: send the backlog whenever there is one, until the connection ends."""
        while True:
            with self.lock:
                while not self.backlog and not self.closed:
                    self.backlog_ready.wait()
                if self.closed:
                    return
                piece = bytes(self.backlog[:WRITE_PIECE_BYTES])
            # sendall() runs outside the lock: if this user stops reading, it blocks this
            # thread only. The piece stays in the backlog until it is sent, so deliver()
            # keeps queueing behind it instead of sending ahead of it.
            try:
                self.sock.sendall(piece)
            except OSError:
                with self.lock:
                    self._drop()
                return
            with self.lock:
                del self.backlog[:len(piece)]
                self.last_progress = time.monotonic()  # the user is reading: they get more time

    def _drop(self):
        """End the connection in both directions (call with self.lock held)."""
        self.closed = True
        self.backlog.clear()
        self.backlog_ready.notify()
        try:
            # Unlike close(), shutdown() wakes the threads waiting in recv() and sendall():
            # the reader sees the end of the stream and announces the leave.
            self.sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass  # already disconnected: there is nothing left to shut

    def close(self):
        """Stop this user's connection, wait for the writer thread, free the socket."""
        with self.lock:
            self._drop()
        self.writer.join()
        self.sock.close()


class Room:
    """The connected users, shared by every reader thread, guarded by one lock."""

    def __init__(self):
        self.lock = threading.Lock()
        self.clients = []

    def join(self, sock, wanted_name):
        """Add a user under a free name, welcome them, tell the others; return the Client."""
        with self.lock:
            name = protocol.clean_name(wanted_name, {client.name for client in self.clients})
            client = Client(sock, name)
            client.deliver(protocol.encode_line(protocol.welcome(name)))
            self._deliver_to_others(protocol.encode_line(protocol.joined(name)), client)
            self.clients.append(client)
        return client

    def leave(self, client):
        """Remove a user and tell the others. Only the user's own reader calls this, once."""
        with self.lock:
            self.clients.remove(client)
            self._deliver_to_others(protocol.encode_line(protocol.left(client.name)), client)
        client.close()  # waits for the writer thread, so not under the lock

    def broadcast(self, data, sender):
        """Deliver bytes to every user but the sender."""
        with self.lock:
            self._deliver_to_others(data, sender)

    def _deliver_to_others(self, data, sender):
        """Deliver bytes to every user but the sender (call with self.lock held)."""
        for client in self.clients:
            if client is not sender:
                client.deliver(data)  # never waits, so it is safe under the lock


def receive_lines(sock):
    """Yield, for every recv(), the list of lines it completed (bytes, without b"\\n").

    The list is often empty (half a line arrived) and sometimes long (a burst arrived).
    A line longer than MAX_MESSAGE_BYTES is yielded as soon as that many bytes are here
    (decode_message cuts it to size) and the rest of it is skipped, so an endless line
    cannot make the server keep an endless buffer.
    """
    partial = b""     # the start of a line whose b"\n" has not arrived yet
    skipping = False  # True while throwing away the tail of a line that was too long
    while True:
        try:
            chunk = sock.recv(RECV_BYTES)
        except OSError:  # the connection was reset: whatever was half-sent is lost
            return
        if not chunk:  # the user closed the connection (or the server shut it down)
            if partial and not skipping:
                yield [partial]  # a last line without b"\n" still counts
            return
        pieces = chunk.split(b"\n")
        lines = []
        for piece in pieces[:-1]:  # each of these pieces ended with b"\n"
            if skipping:
                skipping = False  # the end of the overlong line, already relayed
            else:
                lines.append(partial + piece)
            partial = b""
        if not skipping:
            partial += pieces[-1]
            if len(partial) > protocol.MAX_MESSAGE_BYTES:
                lines.append(partial)
                partial = b""
                skipping = True
        yield lines


def relay(room, client, lines):
    """Pass a user's lines on to everyone else; return False if the user sent /quit."""
    messages = []
    quitting = False
    for line in lines:
        text = protocol.decode_message(line)
        if text == protocol.QUIT:
            quitting = True
            break
        if text:  # an empty line is ignored
            messages.append(protocol.encode_line(protocol.chat_line(client.name, text)))
    if messages:
        # One recv() often brings several lines: sending them together costs one send
        # per user instead of one per user and line.
        room.broadcast(b"".join(messages), client)
    return not quitting


def serve_client(sock, room):
    """Reader thread of one connection: prompt, name, relay every line, leave."""
    client = None
    try:
        sock.sendall(protocol.encode_line(protocol.PROMPT))
        for lines in receive_lines(sock):
            if client is None:
                if not lines:
                    continue  # the name has not fully arrived yet
                name = protocol.decode_message(lines[0])
                if name == protocol.QUIT:
                    break  # gone before giving a name (a client whose input was empty)
                client = room.join(sock, name)
                lines = lines[1:]
            if not relay(room, client, lines):
                break  # the user sent /quit
    except OSError:
        pass  # the user vanished before the prompt could reach them
    finally:
        if client is None:
            sock.close()  # gone before giving a name: nobody to tell
        else:
            room.leave(client)


def main(host=SERVER_HOST, port=DEFAULT_PORT):
    """Serve the chat on host:port until the process ends."""
    room = Room()
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        if sys.platform != "win32":
            # Lets a restarted server bind at once, although the old connections still
            # linger in TIME_WAIT. (On Windows the option would let two servers share the
            # port, so it is left off there.)
            listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind((host, port))
        listener.listen(LISTEN_QUEUE)
        listener.settimeout(ACCEPT_POLL_SECONDS)
        print(f"Сервер запущен на {host}:{port}", flush=True)
        while True:
            try:
                sock, address = listener.accept()
            except socket.timeout:
                continue  # nobody came: just a chance for Ctrl-C to get through
            sock.settimeout(None)  # blocking: the reader and the writer wait in recv/sendall
            reader = threading.Thread(
                target=serve_client, args=(sock, room), name=f"reader {address}", daemon=True
            )
            reader.start()
    finally:
        listener.close()


if __name__ == "__main__":
    from chatkit.cli import run_by_hand

    run_by_hand(main, "server")
