"""The chat's wire protocol: every string a server and a client exchange, defined once.

The reference solutions, the student skeletons, the grader and the tests import these
names instead of retyping the strings, so the words of the protocol cannot drift.

TCP (UTF-8, one message per line, every line the server sends ends with "\\n"):
  1. on connect the server sends PROMPT as a whole line: encode_line(PROMPT), the trailing
     space kept and "\\n" after it;
  2. the client's first line is the name; the server answers that client welcome(name)
     and tells everyone else joined(name);
  3. each further line reaches every other user as chat_line(name, text), never the sender;
  4. when a user disconnects or sends QUIT, everyone else gets left(name); after QUIT the
     server closes the connection.

UDP (one datagram per message, no newline needed):
  1. the first datagram from a new address is the name: welcome(name) to it,
     joined(name) to every other known address;
  2. further datagrams reach every other known address as chat_line(name, text);
  3. the datagram QUIT removes the address, and everyone else gets left(name).

Rules the assignment leaves open, decided here once for both transports:
  - a name is stripped of surrounding whitespace; an empty name becomes DEFAULT_NAME;
  - a name already taken gets the smallest number that makes it unique: "Аня" -> "Аня2";
    the welcome carries the name actually given, so the user learns it;
  - a message longer than MAX_MESSAGE_BYTES bytes is cut to that length on a character
    boundary, and the rest of that line (or datagram) is dropped;
  - a trailing "\\r" is removed (telnet sends "\\r\\n"), and an empty message is ignored;
    a message of spaces only counts as empty (a message that is not empty goes out as it
    is, its spaces kept);
  - QUIT as the first line (TCP) or as the first datagram from a new address (UDP) is not a
    name: someone leaving who never joined. Like a TCP connection that ends before a name
    arrives, it causes no notice to anyone, neither joined() nor left().
"""

ENCODING = "utf-8"
NEWLINE = "\n"

PROMPT = "Введите ваше имя: "
QUIT = "/quit"
DEFAULT_NAME = "Гость"
MAX_MESSAGE_BYTES = 4096

WELCOME = "Добро пожаловать, {name}!"
JOINED = "{name} присоединился к чату."
LEFT = "{name} покинул чат."
CHAT_LINE = "{name}: {text}"


def welcome(name):
    """The server's answer to a user who has just given their name."""
    return WELCOME.format(name=name)


def joined(name):
    """What everyone else sees when a user joins."""
    return JOINED.format(name=name)


def left(name):
    """What everyone else sees when a user leaves."""
    return LEFT.format(name=name)


def chat_line(name, text):
    """How a user's message reaches the others."""
    return CHAT_LINE.format(name=name, text=text)


def encode_line(message):
    """Turn one message into the bytes of one TCP line."""
    return (message + NEWLINE).encode(ENCODING)


def truncate(data):
    """Cut raw message bytes to MAX_MESSAGE_BYTES without splitting a UTF-8 character."""
    if len(data) <= MAX_MESSAGE_BYTES:
        return data
    end = MAX_MESSAGE_BYTES
    # data[end] is the first byte dropped; while it continues a character (0b10xxxxxx),
    # that character straddles the cut, so the cut moves back to where it starts.
    while end > 0 and (data[end] & 0xC0) == 0x80:
        end -= 1
    return data[:end]


def decode_message(data):
    """Bytes of one line or datagram -> text: cut to size, decoded, "\\r\\n" removed."""
    text = truncate(data).decode(ENCODING, errors="replace")
    return text.rstrip("\r\n")


def clean_name(raw, taken=()):
    """Apply the naming rules: strip, replace an empty name, make a taken name unique."""
    name = raw.strip() or DEFAULT_NAME
    if name not in taken:
        return name
    number = 2
    while f"{name}{number}" in taken:
        number += 1
    return f"{name}{number}"
