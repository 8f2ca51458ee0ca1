"""Start a student's module the way its author starts it, on the grader's port.

Runs inside the child, with the student's code, after the harness has lowered the limits
and before any student code runs; standard library only. The grader decides from the
source (grader/engine/shapes.py) how the module is meant to be started and hands over a
small spec; this module follows it:

    {"how": "call",   "name": "main", "kwargs": {"host": "host", "port": "port"}}
    {"how": "call",   "name": "main"}                          main() without arguments
    {"how": "class",  "name": "Server", "method": "run", "init": "address"|"hostport"|"none"}
    {"how": "script"}                                          run the file as __main__

plus "role" ("server"/"client"), "kind" ("tcp"/"udp"), "host" and "port": the grader's
loopback address. Whatever address the student's code binds, connects or sends to (a
hard-coded port, 0.0.0.0, localhost, a LAN address), redirect() sends it to that address:
a server's first bind of its kind lands on the grader's port, a client's connections and
datagrams reach the grader's fake server. What was redirected is reported through marks
("redirect:bind:0.0.0.0:1221"), which are hints for the report's remarks and never points.

Everything runs in the process's main thread, as `python server.py` would run it, and the
main thread then waits for every non-daemon thread the student started. It must not
return early: on Python 3.12.0-3.12.1 a finished main thread makes the interpreter refuse
new threads ("can't create new thread at interpreter shutdown"), which stops a server
whose accept loop runs in a thread of its own.
"""
import builtins
import os
import socket
import sys
import threading
import traceback

LOOPBACK = "127.0.0.1"


class Redirect:
    """Patch socket so the student's addresses land on the grader's loopback port."""

    def __init__(self, role, kind, port, marks, given=None, mark=None):
        self.role = role
        self.marks = marks          # grader/sandbox/constants.py, as the harness loaded it
        self.type = socket.SOCK_DGRAM if kind == "udp" else socket.SOCK_STREAM
        self.port = int(port)
        self.given = given          # (host, port) handed to the entry, None when the code picks its own
        self.mark = mark or (lambda word: None)
        self.served = False         # the server's listening socket is bound
        self.seen = set()

    def note(self, what, address):
        try:
            host, port = address[0], address[1]
        except (TypeError, IndexError):
            return
        key = (what, str(host), port)
        if key in self.seen or len(self.seen) > 8:
            return
        self.seen.add(key)
        host = str(host).replace(" ", "_") or "''"
        self.mark(f"{self.marks.MARK_REDIRECT}{what}:{host}:{port}")
        if self.given is not None and str(port) != str(self.given[1]):
            self.mark(f"{self.marks.MARK_IGNORES_PORT}{port}")

    def target(self, sock):
        if sock.family == getattr(socket, "AF_INET6", None):
            dual_stack(sock)   # an IPv6-only socket (Windows' default) cannot reach ::ffff:127.0.0.1
            return ("::ffff:" + LOOPBACK, self.port, 0, 0)
        return (LOOPBACK, self.port)

    def install(self):
        original = {name: getattr(socket.socket, name)
                    for name in ("bind", "connect", "connect_ex", "sendto")}
        families = {socket.AF_INET, getattr(socket, "AF_INET6", socket.AF_INET)}
        redirect = self

        def bind(sock, address):
            if sock.family in families:
                if redirect.role == "server" and sock.type == redirect.type and not redirect.served:
                    redirect.served = True
                    redirect.note("bind", address)
                    if sock.family != socket.AF_INET:
                        dual_stack(sock)
                    address = ("::", redirect.port, 0, 0) if sock.family != socket.AF_INET else redirect.target(sock)
                elif sock.family == socket.AF_INET:
                    # Another socket (a client's own port, a second server socket): keep it on
                    # loopback; a client's fixed port becomes any free one, so parallel runs
                    # never collide.
                    port = address[1] if redirect.role == "server" else 0
                    address = (LOOPBACK, port)
            return original["bind"](sock, address)

        def connect(sock, address):
            if redirect.role == "client" and sock.family in families:
                redirect.note("connect", address)
                address = redirect.target(sock)
            return original["connect"](sock, address)

        def connect_ex(sock, address):
            if redirect.role == "client" and sock.family in families:
                redirect.note("connect", address)
                address = redirect.target(sock)
            return original["connect_ex"](sock, address)

        def sendto(sock, data, *rest):
            if redirect.role == "client" and sock.family in families and rest:
                redirect.note("sendto", rest[-1])
                rest = (*rest[:-1], redirect.target(sock))
            return original["sendto"](sock, data, *rest)

        socket.socket.bind = bind              # type: ignore[method-assign]
        socket.socket.connect = connect        # type: ignore[method-assign]
        socket.socket.connect_ex = connect_ex  # type: ignore[method-assign]
        socket.socket.sendto = sendto          # type: ignore[method-assign]

        create_connection = socket.create_connection

        def create_connection_here(address, *args, **kwargs):
            if redirect.role == "client":
                redirect.note("connect", address)
                address = (LOOPBACK, redirect.port)
            return create_connection(address, *args, **kwargs)

        socket.create_connection = create_connection_here
        socket.gethostbyname = own_name_is_loopback(socket.gethostbyname)


def own_name_is_loopback(gethostbyname):
    """socket.gethostbyname(socket.gethostname()) is 127.0.x.1 on most students' machines;
    inside the sandbox the machine's name may not resolve at all. It resolves to loopback
    here, as there (the address is redirected to the grader's port either way)."""
    def resolve(name):
        if name == socket.gethostname():
            return LOOPBACK
        return gethostbyname(name)
    return resolve


def install_console(redirect):
    """A server's console: stdin is a pipe that stays open and silent, so an operator's
    input() loop (a broadcast typed on the server) just waits, as it would at a keyboard
    nobody touches. Before the server listens, input() ends at once (EOFError), as with
    no keyboard at all: a server that asks for its port first is told so at once instead
    of hanging until the start bound."""
    if redirect.role != "server":
        return
    console = builtins.input

    def input(prompt=""):
        if not redirect.served:
            raise EOFError("a server has no keyboard while it is graded")
        return console(prompt)

    builtins.input = input


def dual_stack(sock):
    """Let an IPv6 socket reach and be reached over IPv4 too: an AF_INET6 socket is IPv6-only
    by default on Windows (and socket.create_server(family=AF_INET6) asks for it anywhere),
    while the simulated users and the fake server use 127.0.0.1. A server that listens on
    "::" means "every address": this keeps it reachable the way it listens."""
    try:
        sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
    except (AttributeError, OSError):
        pass   # no such option here, or the socket is bound already: the system's default stands


def install_exit():
    """exit() and quit() as `site` defines them: the child runs with -S, without site."""
    if hasattr(builtins, "exit"):
        return

    class Quitter:
        def __init__(self, name):
            self.name = name

        def __repr__(self):
            return f"Use {self.name}() or Ctrl-D (i.e. EOF) to exit"

        def __call__(self, code=None):
            try:
                sys.stdin.close()
            except Exception:
                pass
            raise SystemExit(code)

    builtins.exit, builtins.quit = Quitter("exit"), Quitter("quit")  # type: ignore[assignment]


def wait_for_threads():
    """Keep the main thread alive until every non-daemon thread has ended (see the docstring)."""
    main = threading.main_thread()
    while True:
        alive = [t for t in threading.enumerate() if t is not main and not t.daemon and t.is_alive()]
        if not alive:
            return
        for thread in alive:
            thread.join()


def _report(mark, marks, error):
    traceback.print_exc()
    sys.stderr.flush()
    mark(marks.MARK_RAISED + type(error).__name__)


def _call(function, spec, host, port):
    kwargs = spec.get("kwargs") or {}
    if kwargs:
        return function(**{kwargs["host"]: host, kwargs["port"]: port})
    return function()


def _import(module):
    """Import the file `module`.py from the working directory under its own name, whatever
    characters the name holds ("task 4-server" is a fine file name, not a module name)."""
    if module.isidentifier():
        import importlib
        return importlib.import_module(module)
    import importlib.util
    path = os.path.join(os.getcwd(), module + ".py")
    loaded = importlib.util.spec_from_file_location(module, path)
    student = importlib.util.module_from_spec(loaded)  # type: ignore[arg-type]
    sys.modules[module] = student
    loaded.loader.exec_module(student)  # type: ignore[union-attr]
    return student


def in_package(module):
    """`module` ("chat/server", a file in a sub-folder) as its dotted name when every folder
    on the way is a package ("chat.server", run as `python -m chat.server` runs it), else None.
    A plain sub-folder ("Server/server") gets its folder on sys.path, as `python server.py`
    run there would have it."""
    if "/" not in module:
        return None
    parts = module.split("/")
    folders = [os.path.join(os.getcwd(), *parts[:depth]) for depth in range(1, len(parts))]
    if all(part.isidentifier() for part in parts) and \
            all(os.path.isfile(os.path.join(folder, "__init__.py")) for folder in folders):
        return ".".join(parts)
    sys.path.insert(0, folders[-1])
    return None


def _passes_address(spec):
    """The grader's host and port are handed to the entry (a function that takes them, a class
    built with them): an address the code binds on its own besides is worth a remark."""
    how = spec.get("how", "call")
    return how == "call" and bool(spec.get("kwargs")) or how == "class" and spec.get("init") != "none"


def _redirect_addresses(spec, host, port, mark, marks):
    """Every address the code uses goes to the grader's port; input(), exit() and quit() too
    behave as they would in a terminal (install_console, install_exit)."""
    redirect = Redirect(spec.get("role", "server"), spec.get("kind", "tcp"), port, marks,
                        given=(host, port) if _passes_address(spec) else None, mark=mark)
    redirect.install()
    install_console(redirect)
    install_exit()


def _client_is_running(spec, mark, marks):
    """A client run as a script waits for its user (input()) anywhere in the file: that is
    running, not a hang. A server that never opens its port is described as a hang in its
    top-level code, which is what it is; one that serves there is simply ready."""
    if spec.get("role") == "client":
        mark(marks.MARK_IMPORTED)
        mark(marks.MARK_MAIN)


def _entry_name(spec):
    return spec.get("name") or "main"


# run() keeps the try blocks that start the student's code itself: the traceback a student
# sees then starts, as it always did, at one frame of run() and goes on into their own code.
def run(module, spec, host, port, mark, marks):
    """Start `module` (a file stem in the working directory) as `spec` says; never returns early.
    `marks` is grader/sandbox/constants.py, which the harness loaded: the words of the marks."""
    port = int(port)
    how = spec.get("how", "call")
    _redirect_addresses(spec, host, port, mark, marks)
    mark(marks.MARK_SHAPE + how)
    dotted = in_package(module)
    if how == "script":
        path = os.path.join(os.getcwd(), module + ".py")
        sys.argv = [path]
        mark(marks.MARK_IMPORT)
        _client_is_running(spec, mark, marks)
        try:
            import runpy  # here: the kit's own shape never pays for importing it
            if dotted:
                runpy.run_module(dotted, run_name="__main__", alter_sys=True)
            else:
                runpy.run_path(path, run_name="__main__")
        except SystemExit:
            mark(marks.MARK_EXITED)
        except BaseException as error:
            _report(mark, marks, error)
        else:
            mark(marks.MARK_RETURNED)
        wait_for_threads()
        return
    mark(marks.MARK_IMPORT)
    try:
        if dotted:
            import importlib
            student = importlib.import_module(dotted)
        else:
            student = _import(module)
    except SystemExit:
        mark(marks.MARK_EXIT_AT_IMPORT)
        mark(marks.MARK_IMPORT_FAILED)
        sys.stderr.flush()
        os._exit(3)
    except BaseException:
        traceback.print_exc()
        sys.stderr.flush()
        mark(marks.MARK_IMPORT_FAILED)
        os._exit(3)
    mark(marks.MARK_IMPORTED)
    entry = getattr(student, _entry_name(spec), None)
    if not callable(entry):
        mark(marks.MARK_NO_MAIN)
        os._exit(4)
    mark(marks.MARK_MAIN)
    try:
        if how == "class":
            init = spec.get("init", "none")
            instance = (entry((host, port)) if init == "address" else
                        entry(host, port) if init == "hostport" else entry())
            if spec.get("method"):   # else the constructor itself serves
                getattr(instance, spec["method"])()
        elif spec.get("positional"):
            entry(host, port)
        else:
            _call(entry, spec, host, port)
    except SystemExit:
        mark(marks.MARK_EXITED)
    except BaseException as error:
        _report(mark, marks, error)
    else:
        mark(marks.MARK_RETURNED)
    wait_for_threads()
