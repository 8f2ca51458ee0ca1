"""What a check waits for: the protocol's exact words (the default), or behaviour (--lenient).

    Protocol   the strings a chat exchanges: the kit's (chatkit.protocol), or a course's own
               (--protocol FILE, TOML: prompt, welcome, joined, left, chat_line, quit)
    Matcher    turns "Аня must get the welcome" into what a Stream is searched for

The default Matcher hands out plain strings, exactly the ones chatkit.protocol builds, so
the default tier matches as it always did (Stream.wait_for: flattened text, exact words).
A lenient Matcher, for classes that were given only the course's text, hands out Wanted
objects that judge behaviour instead of wording:

  - a welcome is any text to the newcomer that names them;
  - a join notice is any text to the others that names the newcomer;
  - a leave notice is any text to the others that names the one who left, after they left;
  - a relayed message is any text that carries the message with the sender's name near it;
  - the name may be asked for by the server or taken from the first line (no prompt needed);
  - the quit command is the submission's own where its source has one.

Received text is matched flattened (line breaks dropped), as everywhere in the grader: a
server that sends its lines without "\\n", or a name with the "\\n" it arrived with (the
lecture's recv(1024).decode()), is judged by what it says, not by how it cuts it.
"""
import ast
import os
import string
from dataclasses import asdict, dataclass

from chatkit import protocol
from grader.chat.cast import QUIT_WORDS
from grader.chat.peers import arrival_mark
from grader.messages import say

FIELDS = ("prompt", "welcome", "joined", "left", "chat_line", "quit")
PLACEHOLDERS = {"prompt": set(), "welcome": {"name"}, "joined": {"name"}, "left": {"name"},
                "chat_line": {"name", "text"}, "quit": set()}

# How far (in characters of flattened text) the sender's name may be from the message it
# sent, before or after it: "Аня: привет", "[12:00] <Аня> привет", "привет (Аня)".
NEAR = 40



class ProtocolError(ValueError):
    """A --protocol file that cannot be used; the message is one sentence for the instructor."""


@dataclass(frozen=True)
class Protocol:
    """The strings of a chat: templates with {name} and {text}, and the quit command."""

    prompt: str = protocol.PROMPT
    welcome: str = protocol.WELCOME
    joined: str = protocol.JOINED
    left: str = protocol.LEFT
    chat_line: str = protocol.CHAT_LINE
    quit: str = protocol.QUIT

    def to_json(self):
        return asdict(self)

    @classmethod
    def from_json(cls, data):
        return cls(**{key: data[key] for key in FIELDS if key in data}) if data else cls()

    @classmethod
    def from_toml(cls, path, lang="ru"):
        """Read a course's protocol; every field is optional (the kit's where left out)."""
        try:
            import tomllib
        except ModuleNotFoundError:   # Python 3.10
            import tomli as tomllib  # type: ignore[no-redef]
        try:
            with open(path, "rb") as handle:
                data = tomllib.load(handle)
        except OSError as error:
            raise ProtocolError(say("lenient.protocol.unreadable", lang, path=path, error=error.strerror or error))
        except tomllib.TOMLDecodeError as error:
            raise ProtocolError(say("lenient.protocol.not_toml", lang, path=path, error=error))
        unknown = sorted(set(data) - set(FIELDS))
        if unknown:
            raise ProtocolError(say("lenient.protocol.unknown", lang, path=path, keys=", ".join(unknown),
                                    known=", ".join(FIELDS)))
        for key, value in data.items():
            if not isinstance(value, str) or (key != "prompt" and not value.strip()):
                raise ProtocolError(say("lenient.protocol.not_text", lang, path=path, field=key))
            if placeholders(value) != PLACEHOLDERS[key]:
                wanted = ", ".join("{" + name + "}" for name in sorted(PLACEHOLDERS[key])) or "—"
                raise ProtocolError(say("lenient.protocol.placeholders", lang, path=path, field=key, wanted=wanted))
        return cls(**data)


def placeholders(template):
    """The names a template expects: "{name}: {text}" -> {"name", "text"}."""
    try:
        return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}
    except ValueError:
        return {"?"}


def wording_options(args, lang):
    """--lenient and --protocol FILE (argparse attributes) as runner Options fields; a file
    that cannot be used raises ProtocolError, a ValueError whose text is one sentence."""
    wording = {"lenient": bool(getattr(args, "lenient", False))}
    if getattr(args, "protocol", None):
        wording["protocol"] = Protocol.from_toml(args.protocol, lang).to_json()
        wording["protocol_file"] = os.path.basename(args.protocol)
    return wording


class Wanted:
    """A lenient expectation: found in a stream's flattened text by what it says.

    `since` (grader.chat.peers.arrival_mark(), an order of arrival, not a time) limits the
    search to text that arrived after it: a leave notice must come after the user left, and
    a join notice naming her would do otherwise.
    """

    def __init__(self, kind, name=None, text=None, since=None):
        self.kind, self.name, self.text, self.since = kind, name, text, since
        self.found = None          # the text that satisfied it, once found

    def find(self, flat):
        """Where in `flat` (the text it may be found in) this is satisfied: (start, end) or None."""
        if self.kind == "any":
            stripped = flat.strip()
            return (0, len(flat)) if stripped else None
        if self.kind == "names":
            at = flat.find(self.name)
            return (at, at + len(self.name)) if at >= 0 else None
        # "carries": the message with its sender's name near it, before or after.
        start = flat.find(self.text)
        while start >= 0:
            end = start + len(self.text)
            before = flat.rfind(self.name, max(0, start - NEAR - len(self.name)), start)
            after = flat.find(self.name, end, end + NEAR + len(self.name))
            if before >= 0:
                return (before, end)
            if after >= 0:
                return (start, after + len(self.name))
            start = flat.find(self.text, start + 1)
        return None

    def describe(self, lang):
        """What the transcript shows as expected."""
        if self.kind == "any":
            return say("lenient.wanted.any", lang)
        if self.kind == "names":
            return say("lenient.wanted.names", lang, name=self.name.strip())
        return say("lenient.wanted.carries", lang, name=self.name.strip(), text=self.text.strip())


class Matcher:
    """What the checks send and wait for, in one grading run.

    `protocol` gives the words the grader itself sends (a fake server's prompt and welcome,
    a user's quit) and, unless lenient, the exact words it waits for.
    """

    def __init__(self, protocol_=None, lenient=False, quit=None, client_prompt=None):
        self.protocol = protocol_ or Protocol()
        self.lenient = lenient
        self.quit = quit or self.protocol.quit
        self.client_prompt = client_prompt   # lenient: the word a client's source waits for

    # --- what the grader sends ------------------------------------------------------
    def send_prompt(self):
        return self.protocol.prompt

    def send_welcome(self, name):
        return self.protocol.welcome.format(name=name)

    def send_chat_line(self, name, text):
        return self.protocol.chat_line.format(name=name, text=text)

    # --- what the grader waits for: a str (exact) or a Wanted (lenient) --------------
    def prompt(self):
        return Wanted("any") if self.lenient else self.protocol.prompt

    def welcome(self, name):
        return Wanted("names", name) if self.lenient else self.protocol.welcome.format(name=name)

    def joined(self, name):
        return Wanted("names", name) if self.lenient else self.protocol.joined.format(name=name)

    def left(self, name, since=None):
        """`since`: when the user began to leave (Chat.departed, an arrival mark), else now."""
        if self.lenient:
            return Wanted("names", name, since=arrival_mark() if since is None else since)
        return self.protocol.left.format(name=name)

    def chat_line(self, name, text):
        return Wanted("carries", name, text) if self.lenient else self.protocol.chat_line.format(name=name, text=text)


# --- readings: how a submission that keeps the names elsewhere is judged ----------------
# A server that keeps no names relays each line as it came, and each client puts its user's
# name before every line it sends ("Аня: привет"): people in the chat see who speaks. With
# --lenient such a server, once it has shown no sign of keeping names (no welcome naming
# the newcomer, a newcomer's first line relayed to the others as it came), is judged on the
# text it relays: the simulated users sign their own lines, as such clients do, and never
# send a bare name. Such a client, once it sends no bare name, is judged on what it sends
# (each typed line, with the name) and shows. The report says which reading was used.

RELAY = "relays_lines"        # trait of a server module: it keeps no names (True once seen)
CLIENT_NAMES = "keeps_names"  # trait of a client module: it sends no bare name (True/False)


def keeps_no_names(traits, lenient):
    """Is a server judged as a relay (the names kept by its clients)?"""
    return bool(lenient and traits.get(RELAY) and not traits.get("welcome"))


def relays_as_it_came(stream, name, traits):
    """Did a user's stream get another's first line (their name) as a line of its own, from
    a server that welcomed nobody by name: the sign of a server that keeps no names."""
    return not traits.get("welcome") and stream.has_line(name)


def signature(name):
    """What a client that keeps the names puts before each line its user types."""
    return f"{name}: "


def quit_command(source, fallback=protocol.QUIT):
    """The quit command a server's source checks for, else `fallback`.

    Looks for string literals the code compares a message with (`== "/exit"`,
    `in ("/quit", "выход")`, `.startswith("/q")`): the kit's /quit when it is among them,
    else the first one that looks like a command.
    """
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):
        return fallback
    found = []

    def literal(node):
        if isinstance(node, ast.Constant) and isinstance(node.value, (str, bytes)):
            value = node.value.decode("utf-8", "replace") if isinstance(node.value, bytes) else node.value
            found.append(value.strip())
        elif isinstance(node, (ast.Tuple, ast.List, ast.Set)):
            for element in node.elts:
                literal(element)

    for node in ast.walk(tree):
        if isinstance(node, ast.Compare) and all(isinstance(op, (ast.Eq, ast.In)) for op in node.ops):
            for side in (node.left, *node.comparators):
                literal(side)
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
              and node.func.attr in ("startswith", "__eq__") and node.args):
            literal(node.args[0])
    commands = [value for value in found if value.lower() in QUIT_WORDS]
    if fallback in commands or not commands:
        return fallback
    slashed = [value for value in commands if value.startswith("/")]
    return (slashed or commands)[0]


def _compares_module_name(node):
    """`__name__ == "__main__"`: the module's own guard, not a word from the server."""
    return any(isinstance(side, ast.Name) and side.id == "__name__" for side in (node.left, *node.comparators))


def awaited_prompt(source):
    """The word a client's source waits for from its server before it sends the name
    (`if message == "NICK": send(nickname)`), or None: the lenient fake server sends it,
    exactly as written, instead of the protocol's prompt."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):
        return None
    for node in ast.walk(tree):
        if isinstance(node, ast.Compare) and len(node.ops) == 1 and isinstance(node.ops[0], ast.Eq) \
                and not _compares_module_name(node):
            for side in (node.left, *node.comparators):
                if isinstance(side, ast.Constant) and isinstance(side.value, (str, bytes)):
                    value = side.value.decode("utf-8", "replace") if isinstance(side.value, bytes) else side.value
                    if value.strip() and value.strip().lower() not in QUIT_WORDS:
                        return value
    return None
