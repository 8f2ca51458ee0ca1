"""Reference UDP chat server: one loop, one socket, one dictionary of users.

UDP has no connections: every datagram arrives on the same socket together with the
address (IP and port) it came from. So the server is a single loop around recvfrom(), and
the address tells it who is speaking:

* a datagram from an address the server does not know yet is a join, and its text is the
  user's name;
* a datagram from a known address is a message for everyone else;
* the datagram "/quit" from a known address is a leave.

The users live in one dictionary, address -> name. Only the main thread ever touches it,
so it needs no lock. (The assignment asks for threads in the UDP *client*, which must wait
for the keyboard and the network at the same time; the server waits for one thing only.)

UDP keeps each datagram whole, so there is no line splitting here, unlike TCP. But it
gives no promise of delivery either: a datagram to a user who has gone is simply lost,
and a user who vanishes without "/quit" stays in the dictionary.
"""
import os
import socket
import sys

if __package__ in (None, ""):
    # Started as a file (python solutions/udp_server.py): Python put solutions/ on the
    # import path instead of the kit's root, so chatkit would not be found.
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from chatkit import protocol
from chatkit.ports import DEFAULT_PORT, SERVER_HOST

MAX_DATAGRAM = 65535  # the largest UDP datagram; decode_message cuts its text to size
RECV_POLL_SECONDS = 0.5  # recvfrom() wakes up this often, so Ctrl-C works on Windows too
RECEIVE_BUFFER_BYTES = 4 * 1024 * 1024  # room for a burst of datagrams waiting for recvfrom()


def send(sock, message, address):
    """Send one message as one datagram."""
    try:
        sock.sendto(message.encode(protocol.ENCODING), address)
    except OSError:
        pass  # this address cannot be reached right now; UDP promises no delivery anyway


def send_to_others(sock, users, message, sender):
    """Send one message to every known address but the sender's."""
    for address in users:
        if address != sender:
            send(sock, message, address)


def handle_datagram(sock, users, data, address):
    """Act on one datagram: a join, a message or a leave."""
    text = protocol.decode_message(data)
    if address not in users:
        if text == protocol.QUIT:
            return  # a stranger saying goodbye: nothing to do
        name = protocol.clean_name(text, users.values())
        users[address] = name
        send(sock, protocol.welcome(name), address)
        send_to_others(sock, users, protocol.joined(name), address)
    elif text == protocol.QUIT:
        name = users.pop(address)
        send_to_others(sock, users, protocol.left(name), address)
    elif text:  # an empty message is ignored
        send_to_others(sock, users, protocol.chat_line(users[address], text), address)


def main(host=SERVER_HOST, port=DEFAULT_PORT):
    """Serve the chat on host:port until the process ends."""
    users = {}  # address -> name
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        # UDP has no flow control: a sender never waits for the receiver. Datagrams that
        # arrive while this loop is busy wait in the socket's receive buffer, and when the
        # buffer is full the system throws every new one away, silently. A whole class
        # talking at once overflows the default buffer (about 200 KB on Linux) in a
        # moment, so ask for a bigger one. The system may give less than asked (on Linux,
        # at most net.core.rmem_max), and no buffer is big enough for every burst: UDP
        # may always lose datagrams, which is why TCP is worth more in this assignment.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, RECEIVE_BUFFER_BYTES)
        sock.bind((host, port))
        sock.settimeout(RECV_POLL_SECONDS)
        print(f"UDP-сервер запущен на {host}:{port}", flush=True)
        while True:
            try:
                data, address = sock.recvfrom(MAX_DATAGRAM)
            except socket.timeout:
                continue  # nothing arrived: just a chance for Ctrl-C to get through
            except ConnectionResetError:
                # Windows reports here that an earlier datagram could not be delivered
                # (its user has gone). It says nothing about the next datagram: go on.
                continue
            handle_datagram(sock, users, data, address)
    finally:
        sock.close()


if __name__ == "__main__":
    from chatkit.cli import run_by_hand

    run_by_hand(main, "server")
