"""A single-threaded asyncio chat server speaking the kit's TCP protocol: a benchmark peer.

Not a submission (the assignment requires socket and threading) and not for students: it is
the yardstick the reference server is measured against, so it is written to be fast in the
way asyncio is fast. One event loop serves every user; asyncio.Protocol callbacks (no
streams, no coroutine per line), and every relay goes through transport.write(), which
sends at once what the kernel takes and buffers the rest without ever waiting.

    python -m grader bench solutions --compare benchmarks/peers/asyncio_chat

The rules are the kit's (chatkit.protocol): the prompt as a line, the first line is the
name (clean_name), a first line "/quit" leaves without notices, empty messages are
ignored, lines are cut to MAX_MESSAGE_BYTES, "/quit" or a disconnect is announced with
left(name) and the connection is closed. A user who stops reading is dropped when the
bytes waiting for them pass MAX_BACKLOG_BYTES, or when a relay finds their backlog has not
moved for STALL_SECONDS (the reference server's rules, so that both drop alike).
"""
import asyncio
import time

from chatkit import protocol
from chatkit.ports import DEFAULT_PORT, SERVER_HOST

MAX_BACKLOG_BYTES = 32 * 1024 * 1024
STALL_SECONDS = 5.0


class Room:
    """The users who have given a name, in the order they joined."""

    def __init__(self):
        self.users = {}   # ChatUser -> name (a dict keeps the join order)

    def names(self):
        return self.users.values()

    def send_to_others(self, data, sender):
        for user in list(self.users):
            if user is not sender:
                user.deliver(data)


class ChatUser(asyncio.Protocol):
    """One connection: the prompt, the name, then every line relayed to the room."""

    def __init__(self, room):
        self.room = room
        self.transport = None
        self.name = None
        self.partial = b""
        self.skipping = False      # throwing away the tail of an overlong line
        self.closed = False
        self.stalled_since = None  # when the write backlog last shrank (None: no backlog)
        self.backlog_seen = 0      # the backlog right after the last write: smaller later means progress

    # --- asyncio.Protocol ------------------------------------------------------------
    def connection_made(self, transport):
        self.transport = transport
        transport.write(protocol.encode_line(protocol.PROMPT))

    def data_received(self, data):
        pieces = data.split(b"\n")
        lines = []
        for piece in pieces[:-1]:
            if self.skipping:
                self.skipping = False
            else:
                lines.append(self.partial + piece)
            self.partial = b""
        if not self.skipping:
            self.partial += pieces[-1]
            if len(self.partial) > protocol.MAX_MESSAGE_BYTES:
                lines.append(self.partial)
                self.partial = b""
                self.skipping = True
        if lines:
            self.handle(lines)

    def eof_received(self):
        if self.partial and not self.skipping and not self.closed:
            self.handle([self.partial])
        self.partial = b""
        return False  # close the transport: the user is done

    def connection_lost(self, exc):
        self.leave()

    # --- the chat --------------------------------------------------------------------
    def handle(self, lines):
        out = []
        for line in lines:
            text = protocol.decode_message(line)
            if self.name is None:
                if text == protocol.QUIT:
                    self.close()  # gone before giving a name: nobody to tell
                    return
                self.name = protocol.clean_name(text, self.room.names())
                self.room.users[self] = self.name
                self.transport.write(protocol.encode_line(protocol.welcome(self.name)))
                self.room.send_to_others(protocol.encode_line(protocol.joined(self.name)), self)
                continue
            if text == protocol.QUIT:
                if out:
                    self.room.send_to_others(b"".join(out), self)
                self.close()
                return
            if text:
                out.append(protocol.encode_line(protocol.chat_line(self.name, text)))
        if out:
            # One read often brings several lines: one write per user for all of them.
            self.room.send_to_others(b"".join(out), self)

    def deliver(self, data):
        if self.closed:
            return
        backlog = self.transport.get_write_buffer_size()
        if backlog:
            now = time.monotonic()
            if backlog < self.backlog_seen or self.stalled_since is None:
                self.stalled_since = now  # some of it went out: the user reads, the clock starts again
            elif now - self.stalled_since > STALL_SECONDS:
                self.close(abort=True)
                return
        else:
            self.stalled_since = None
        if backlog + len(data) > MAX_BACKLOG_BYTES:
            self.close(abort=True)
            return
        self.transport.write(data)
        self.backlog_seen = self.transport.get_write_buffer_size()

    def close(self, abort=False):
        if self.closed:
            return
        self.leave()
        if abort:
            self.transport.abort()
        else:
            self.transport.close()

    def leave(self):
        if self.closed:
            return
        self.closed = True
        if self.room.users.pop(self, None) is not None:
            self.room.send_to_others(protocol.encode_line(protocol.left(self.name)), self)


async def serve(host, port):
    room = Room()
    loop = asyncio.get_running_loop()
    server = await loop.create_server(lambda: ChatUser(room), host, port, backlog=128)
    print(f"Сервер запущен на {host}:{port}", flush=True)
    async with server:
        await server.serve_forever()


def main(host=SERVER_HOST, port=DEFAULT_PORT):
    """Serve the chat on host:port until the process ends."""
    asyncio.run(serve(host, port))


if __name__ == "__main__":
    from chatkit.cli import run_by_hand

    run_by_hand(main, "server")
