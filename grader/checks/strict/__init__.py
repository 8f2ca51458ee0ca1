"""The strict tier's checks (--strict), and the helpers all of them share.

    check_tcp_framing.py    every server message is exactly one line, whatever the segments
    check_tcp_load.py       a user who never reads, resets, churn, fifty users
    check_tcp_lifecycle.py  the server restarts on its port, the client exits when it should
    check_udp_server.py     datagrams the server did not expect
    tcp_tools.py            what the TCP checks share (and their tuned numbers)

The strict tier (--strict) tests robustness the assignment does not ask for: real bugs
students write that ordinary use never shows. Its checks are scored apart and never
change the default score.
"""
from chatkit import protocol

LONG_LINE_BYTES = 3000   # a long message, still under protocol.MAX_MESSAGE_BYTES
READ_SIZE = 1024         # what the lecture example reads at once: recv(1024), recvfrom(1024)
LONG_WORDS = "Длинное сообщение: съешь же ещё этих мягких французских булок, да выпей чаю. "


def long_text(size=LONG_LINE_BYTES, boundary=READ_SIZE):
    """Cyrillic text of about `size` UTF-8 bytes with a letter across byte `boundary`.

    A reader that takes the first `boundary` bytes gets half of that letter, and
    decode() on them fails: the very bug the check exists to catch.
    """
    for pad in range(4):
        text = "!" * pad + LONG_WORDS * (size // len(LONG_WORDS) + 1)
        data = text.encode(protocol.ENCODING)
        if (data[boundary - 1] & 0xE0) == 0xC0:  # the first byte of a two-byte letter
            break
    # "ignore" drops a letter cut in half at the end: the text is whole letters only.
    return data[:size].decode(protocol.ENCODING, "ignore").rstrip()


LONG_TEXT = long_text()
assert len(LONG_TEXT.encode(protocol.ENCODING)) > LONG_LINE_BYTES - 8
assert (LONG_TEXT.encode(protocol.ENCODING)[READ_SIZE - 1] & 0xE0) == 0xC0


def short(text, size=40):
    """A long message named in a transcript or a reason: its start and its length in bytes."""
    length = len(text.encode(protocol.ENCODING))
    return f"{text[:size]}… ({length} B)" if len(text) > size else text
