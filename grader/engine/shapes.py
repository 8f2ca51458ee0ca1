"""How a student's module is meant to be started, read from its source with ast.

Real submissions are not written to the kit's contract (`main(host, port)`). The course's
own example binds at import and has `main()` without arguments; others have
`start_server(host='127.0.0.1', port=5555)`, `Server(address).run()`, or a loop at module
level. entry_of() reads the source (never imports it) and returns an Entry: the launch spec
the child follows (grader/sandbox/launch.py) and what the report may remark on.

Decided here, in the grader, rather than in the child: the report can then say which shape
ran without trusting anything the child says, the decision is the same for every check of
one run, and it is tested without starting a process. Whatever shape runs, the child
redirects the addresses the code uses to the grader's port, so a hard-coded port or host
never decides the shape.

The order, first match wins:
  1. main(host, port): a top-level main with two or more parameters: called with them.
  2. an entry function whose parameters name a host and a port (start_server(host, port),
     run_server(server_host=..., server_port=...)) that a `__main__` block does nothing
     but call: called with the grader's host and port by keyword.
  3. an `if __name__ == "__main__":` block, or statements at module level that do
     something: the file runs as `__main__` ("script"), the way `python server.py` does.
  5. nothing at all runs on its own: main() without arguments, else an entry function
     with a host and a port, else a class with run/serve/serve_forever/start, built with
     the address and started.
"""
import ast
import re
from dataclasses import dataclass, field
from pathlib import Path

from grader.engine.intake import read_bytes
from grader.sandbox.constants import MARK_EXIT_AT_IMPORT, MARK_EXITED, MARK_NO_MAIN, MARK_SHAPE

HOST_NAME = re.compile(r"(^|_)(host|hostname|ip|addr|address|interface)($|_)", re.I)
PORT_NAME = re.compile(r"(^|_)port($|_)", re.I)
METHODS = ("run", "serve", "serve_forever", "start", "start_server", "run_server", "main", "listen")


@dataclass
class Entry:
    shape: str                   # "main(host, port)", "function(host, port)", "script", "main()", "class", "none"
    spec: dict                   # what the child does (see grader/sandbox/launch.py)
    label: str = ""              # how the report names it: "start_server(host, port)"
    binds_at_import: bool = False
    notes: list = field(default_factory=list)


def _is_main_guard(node):
    if not isinstance(node, ast.If) or not isinstance(node.test, ast.Compare):
        return False
    parts = [node.test.left, *node.test.comparators]
    names = [p.id for p in parts if isinstance(p, ast.Name)]
    values = [p.value for p in parts if isinstance(p, ast.Constant)]
    return names == ["__name__"] and values == ["__main__"]


def _called_names(nodes):
    """Last names of every function called in `nodes`: main, start_server, run..."""
    found = []
    for node in nodes:
        for inner in ast.walk(node):
            if isinstance(inner, ast.Call):
                func = inner.func
                found.append(func.id if isinstance(func, ast.Name) else
                             func.attr if isinstance(func, ast.Attribute) else "")
    return found


def _params(function):
    args = function.args
    return [a.arg for a in (*args.posonlyargs, *args.args, *args.kwonlyargs)]


def _required(function):
    """Parameters without a default value."""
    args = function.args
    positional = [*args.posonlyargs, *args.args]
    required = [a.arg for a in positional[:len(positional) - len(args.defaults)]]
    required += [a.arg for a, d in zip(args.kwonlyargs, args.kw_defaults) if d is None]
    return [name for name in required if name not in ("self", "cls")]


def _host_port(function):
    """{"host": param, "port": param} if the function takes a host and a port, and nothing
    else without a default; else None."""
    params = [p for p in _params(function) if p not in ("self", "cls")]
    host = next((p for p in params if HOST_NAME.search(p)), None)
    port = next((p for p in params if PORT_NAME.search(p)), None)
    if not host or not port or set(_required(function)) - {host, port}:
        return None
    return {"host": host, "port": port}


def _acts(statement):
    """Does a module-level statement do something when imported (not a def, an import,
    a constant, or the __main__ block)?"""
    if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Import,
                              ast.ImportFrom, ast.Pass)) or _is_main_guard(statement):
        return False
    if isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant):
        return False  # a docstring
    return any(isinstance(node, (ast.Call, ast.While, ast.For)) for node in ast.walk(statement))


def _only_calls(guard, name):
    """The __main__ block does nothing but call `name` (and print, or name constants)."""
    for statement in guard.body:
        if isinstance(statement, ast.Assign) and isinstance(statement.value, ast.Constant):
            continue
        if isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Call):
            called = _called_names([statement])
            if called and called[0] in (name, "print"):
                continue
        return False
    return True


def _serves_when_built(init):
    """A constructor that serves (accept(), recvfrom() or serve_forever() in __init__)."""
    return init is not None and bool(set(_called_names(init.body)) & {"accept", "recvfrom", "serve_forever"})


def kit_block_calls_bare_main(guards, main):
    """The kit's own `__main__` block (`run_by_hand(main, "server")`, which passes the command
    line's host and port) around a main() that takes none: the student kept the block and
    hard-coded the address. Run as a script, run_by_hand's call would raise TypeError; the
    lecture's `main()` without arguments is called as is, so this one is too (the child
    redirects the hard-coded address, and the report remarks on the port)."""
    if main is None or _required(main) or not guards:
        return False
    for guard in guards:
        for statement in guard.body:
            if isinstance(statement, (ast.Import, ast.ImportFrom)):
                continue
            call = statement.value if isinstance(statement, ast.Expr) else None
            if not (isinstance(call, ast.Call) and _called_names([statement])[:1] == ["run_by_hand"]
                    and any(isinstance(arg, ast.Name) and arg.id == "main" for arg in call.args)):
                return False
    return True


@dataclass
class _Module:
    """What entry_of reads from a module's top level, once: the shapes below decide on it."""
    spec: dict                   # {"role": ..., "kind": ...}
    functions: dict              # top-level functions by name
    classes: list
    guards: list                 # the `if __name__ == "__main__":` blocks
    acting: list                 # module-level statements that do something when imported
    at_import: list              # names called by those statements
    in_guard: list               # names called in the guards

    @property
    def main(self):
        return self.functions.get("main")

    def entry(self, shape, label, **spec):
        return Entry(shape, {**self.spec, **spec}, label)


def _read_module(body, spec):
    guards = [n for n in body if _is_main_guard(n)]
    acting = [n for n in body if _acts(n)]
    return _Module(spec=spec,
                   functions={n.name: n for n in body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))},
                   classes=[n for n in body if isinstance(n, ast.ClassDef)],
                   guards=guards, acting=acting, at_import=_called_names(acting), in_guard=_called_names(guards))


def _address_label(name, address):
    return f"{name}({address['host']}, {address['port']})"


def _main_with_host_and_port(module):
    """1. A top-level main with two or more parameters (at most two required): main(host, port)."""
    main = module.main
    if main is not None and len([p for p in _params(main) if p not in ("self", "cls")]) >= 2 \
            and len(_required(main)) <= 2:
        return module.entry("main(host, port)", "main(host, port)", how="call", name="main", positional=True)
    return None


def _guard_calls_an_address_function(module):
    """2. The first function called in the __main__ block that takes a host and a port, provided
    every guard does nothing but call it (else the module's own code sets things up around the
    call: it runs as written)."""
    for name in module.in_guard:
        function = module.functions.get(name)
        address = function is not None and _host_port(function)
        if not address:
            continue
        if not all(_only_calls(g, name) for g in module.guards):
            return None
        return module.entry("function(host, port)", _address_label(name, address),
                            how="call", name=name, kwargs=address)
    return None


def _kit_block_around_bare_main(module):
    """The kit's own __main__ block around a main() without arguments (kit_block_calls_bare_main)."""
    if kit_block_calls_bare_main(module.guards, module.main):
        return module.entry("main()", "main()", how="call", name="main")
    return None


def _script_label(module):
    """How the report names a script: main() its guard calls, a class it starts, or where it runs."""
    started = [c for c in module.classes if c.name in module.in_guard + module.at_import]
    if module.guards and "main" in module.in_guard and module.main is not None:
        return "main()"
    if started:
        return f"{started[0].name}(…)"
    return "__main__" if module.guards else "module"


def _runs_as_script(module):
    """3. A __main__ block or module-level statements that do something: run as `python file.py`."""
    if module.guards or module.acting:
        return module.entry("script", _script_label(module), how="script")
    return None


def _bare_main(module):
    """5a. Nothing runs on its own: a main() that needs no argument."""
    if module.main is not None and not _required(module.main):
        return module.entry("main()", "main()", how="call", name="main")
    return None


def _any_address_function(module):
    """5b. An entry function that takes a host and a port, the likeliest names first."""
    entries = sorted(module.functions, key=lambda name: not re.search(r"start|run|serve|main|client|chat", name, re.I))
    for name in entries:
        address = _host_port(module.functions[name])
        if address:
            return module.entry("function(host, port)", _address_label(name, address),
                                how="call", name=name, kwargs=address)
    return None


def _starting_method(methods):
    """The method that starts a class's object ("" when its constructor serves), or None."""
    method = next((m for m in METHODS if m in methods and not _required(methods[m])), None)
    if method is None and _serves_when_built(methods.get("__init__")):
        return ""   # ChatServer(host, port) alone: its constructor runs the accept loop
    return method


def _how_built(init):
    """How the class is built: "none", "address" (one argument), "hostport" (two), or None."""
    required = _required(init) if init else []
    if not required:
        return "none"
    return {1: "address", 2: "hostport"}.get(len(required))


def _started_class(module):
    """5c. A class with run/serve/serve_forever/start (or a constructor that serves), built with
    the address and started."""
    for cls in module.classes:
        methods = {n.name: n for n in cls.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))}
        method = _starting_method(methods)
        how = None if method is None else _how_built(methods.get("__init__"))
        if how is None:
            continue
        return module.entry("class", f"{cls.name}(…)" + (f".{method}()" if method else ""),
                            how="class", name=cls.name, method=method, init=how)
    return None


# The shapes in the order of the module's docstring: the first that answers wins.
SHAPES = (_main_with_host_and_port, _guard_calls_an_address_function, _kit_block_around_bare_main,
          _runs_as_script, _bare_main, _any_address_function, _started_class)


def entry_of(source, role="server", kind="tcp"):
    """The Entry for a module's source text (bytes or str)."""
    spec = {"role": role, "kind": kind}
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):
        return Entry("main(host, port)", {**spec, "how": "call", "name": "main", "positional": True})
    module = _read_module(tree.body, spec)
    entry = next((found for found in (shape(module) for shape in SHAPES) if found), None) or \
        Entry("none", {**spec, "how": "call", "name": "main", "positional": True})
    entry.binds_at_import = any(name in ("bind", "listen") for name in module.at_import)
    return entry


def entry_for(path, role="server", kind=None):
    """The Entry for the module at `path` (kind None: "udp" if it names SOCK_DGRAM)."""
    try:
        source = read_bytes(path)   # grader/engine/intake.py: no link, within the parse budget
        kind = kind or ("udp" if b"SOCK_DGRAM" in source else "tcp")
        return entry_of(source, role, kind)
    except OSError:
        return Entry("none", {"role": role, "kind": kind, "how": "call", "name": "main", "positional": True})


# Packages students reach for that are not in the standard library: the child runs with
# the standard library only, so "add the file" would be the wrong advice for these.
KNOWN_PACKAGES = {"colorama", "termcolor", "rich", "numpy", "pandas", "requests", "keyboard",
                  "pynput", "emoji", "art", "pyfiglet", "tqdm", "prompt_toolkit", "PyQt5", "tkinter"}
MISSING = re.compile(r"No module named '([^'.]+)")


def explain_start(module, marks, stderr, lang, role="server"):
    """One sentence for a start failure whose cause is common and plain (input() with no
    keyboard, a missing helper module, exit() as the module starts, an address the machine
    lacks, nothing to start), or None to let the sandbox describe it."""
    from grader.messages import say
    last = next((line.strip() for line in reversed(stderr.splitlines())
                 if line.strip() and line[:1] not in (" ", "\t")), "")
    if last.startswith("EOFError") and role == "server":
        return say("launch.input_at_import", lang, file=module)
    missing = MISSING.search(last) if last.startswith(("ModuleNotFoundError", "ImportError")) else None
    if missing:
        name = missing.group(1)
        return say("launch.missing_package" if name in KNOWN_PACKAGES else "launch.missing_helper",
                   lang, file=module, name=name)
    if MARK_EXIT_AT_IMPORT in marks or (MARK_SHAPE + "script" in marks and MARK_EXITED in marks and role == "server"):
        return say("launch.exit_at_import", lang, file=module)
    if "Cannot assign requested address" in last or "EADDRNOTAVAIL" in last:
        return say("launch.no_address", lang, file=module, error=last)
    if MARK_NO_MAIN in marks:
        return say("launch.no_entry", lang, file=module)
    return None
