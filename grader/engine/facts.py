"""What the grader learns from reading a module's source with ast, never importing it.

The seed makes socket and threading mandatory: TCP over SOCK_STREAM with a thread per
client connection on the server, UDP over SOCK_DGRAM, and a receiving thread in each
client. A chat built on asyncio, socketserver or _thread may work, but cannot reach full
marks, and the report says why.
"""
import ast
from dataclasses import dataclass, field
from pathlib import Path

from grader.engine import limits
from grader.engine.intake import read_bytes
from grader.messages import say

FORBIDDEN = {"asyncio": "asyncio", "socketserver": "socketserver", "_thread": "_thread",
             "selectors": "selectors", "multiprocessing": "multiprocessing", "trio": "trio"}


@dataclass
class SourceFacts:
    exists: bool = False
    syntax_error: str = ""
    not_started: bool = False
    imports: set = field(default_factory=set)
    names: set = field(default_factory=set)       # every Name id and Attribute attr used
    calls: set = field(default_factory=set)       # every called function's last name
    thread_subclass: bool = False
    default_socket: bool = False                  # socket.socket() with no type: TCP


def _is_stub(function):
    """A function whose body is only a docstring and `raise NotImplementedError`."""
    body = list(function.body)
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) \
            and isinstance(body[0].value.value, str):
        body = body[1:]
    if len(body) != 1 or not isinstance(body[0], ast.Raise) or body[0].exc is None:
        return False
    exc = body[0].exc
    exc = exc.func if isinstance(exc, ast.Call) else exc
    return isinstance(exc, ast.Name) and exc.id == "NotImplementedError"


def parse_module(path):
    """The ast of the module at `path`, read under the rules of grader/engine/intake.py and
    within the parse budget (limits.MODULE_MAX_BYTES). Raises OSError (absent, a link, too
    big), SyntaxError or ValueError."""
    try:
        return ast.parse(read_bytes(path, limits.MODULE_MAX_BYTES), filename=Path(path).name)
    except (MemoryError, RecursionError) as error:
        raise ValueError(f"{type(error).__name__} while parsing") from error


def _syntax_error_text(error):
    """How the report quotes a module that does not parse: "SyntaxError: ... (line 6)"."""
    line = getattr(error, "lineno", None)
    return f"{error.__class__.__name__}: {getattr(error, 'msg', error)}" + (f" (line {line})" if line else "")


def _called_name(call):
    """The last name of a called function: socket for socket.socket(...), "" for f()()."""
    func = call.func
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""


def _makes_default_socket(call, name):
    """socket.socket() without a type (fewer than two arguments, no type=): a TCP socket."""
    return name == "socket" and len(call.args) < 2 and not any(k.arg == "type" for k in call.keywords)


def _subclasses_thread(cls):
    """class Worker(Thread) or class Worker(threading.Thread)."""
    return any((isinstance(base, ast.Name) and base.id == "Thread") or
               (isinstance(base, ast.Attribute) and base.attr == "Thread") for base in cls.bases)


def _note_node(facts, node):
    """What one node of the tree adds to `facts` (calls aside: _note_call)."""
    if isinstance(node, ast.Import):
        facts.imports.update(alias.name.split(".")[0] for alias in node.names)
    elif isinstance(node, ast.ImportFrom) and node.module:
        facts.imports.add(node.module.split(".")[0])
        facts.names.update(alias.name for alias in node.names)
    elif isinstance(node, ast.Name):
        facts.names.add(node.id)
    elif isinstance(node, ast.Attribute):
        facts.names.add(node.attr)
    elif isinstance(node, ast.ClassDef) and _subclasses_thread(node):
        facts.thread_subclass = True


def _note_call(facts, call):
    name = _called_name(call)
    facts.calls.add(name)
    if _makes_default_socket(call, name):
        facts.default_socket = True


def read_facts(path):
    """Parse one module (within the parse budget: a bigger one is not a module to grade)
    and collect what the static checks need."""
    path = Path(path)
    facts = SourceFacts()
    try:
        source = read_bytes(path, limits.MODULE_MAX_BYTES)
    except OSError:
        return facts   # absent, a link, not a file, or over the parse budget: not a module to grade
    facts.exists = True
    try:
        tree = ast.parse(source, filename=path.name)
    except (SyntaxError, ValueError, MemoryError, RecursionError) as error:
        facts.syntax_error = _syntax_error_text(error)
        return facts
    functions = []
    for node in ast.walk(tree):
        _note_node(facts, node)
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            functions.append(node)
        if isinstance(node, ast.Call):
            _note_call(facts, node)
    facts.not_started = bool(functions) and all(_is_stub(f) for f in functions)
    return facts


@dataclass
class Verdict:
    ok: bool
    found: list          # (ok, text) pairs shown in the report


def judge(facts, track, role, lang="ru"):
    """Decide the static check for one module: does it use what the assignment requires?"""
    items = []

    def need(ok, key, **fields):
        items.append((bool(ok), say(f"facts.{key}", lang, **fields)))

    need("socket" in facts.imports, "imports_socket")
    if track == "tcp":
        need("SOCK_STREAM" in facts.names or facts.default_socket or "create_connection" in facts.calls
             or "create_server" in facts.calls, "tcp_socket")
    else:
        need("SOCK_DGRAM" in facts.names, "udp_socket")
    threads = "Thread" in facts.calls or facts.thread_subclass
    if track == "tcp" or role == "client":
        need("threading" in facts.imports, "imports_threading")
    if track == "tcp" and role == "server":
        need("accept" in facts.calls and threads, "thread_per_accept")
    if role == "client":
        need(threads, "receiving_thread")
    for module in sorted(facts.imports & FORBIDDEN.keys()):
        need(False, "forbidden", module=module)
    return Verdict(all(ok for ok, _ in items), items)
