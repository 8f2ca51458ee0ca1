"""Which file of a submission plays which part: TCP server, TCP client, UDP server, UDP client.

Real submissions are named server.py, client.py, task4_server.py, Client.py,
udp_chat_server.py... find_roles() tells the four parts apart by reading the source with
ast (never importing it): SOCK_DGRAM or SOCK_STREAM for the transport, bind/listen/accept
and recvfrom for a server against connect and input() for a client. The kit's own names
(tcp_server.py, ...) win when present, and an instructor's choice (--tcp-server FILE, or a
mapping file for batch) wins over both. Every other .py file is a helper (config.py,
utils.py): the whole folder is copied into each sandbox, so the parts can import them.

Roles are keyed by the kit's name for the part ("tcp_server.py"), the id the rest of the
grader already uses; `files` maps each to the file actually taken, or None.
"""
import ast
from dataclasses import dataclass, field
from pathlib import Path

from grader.engine import rubric
from grader.engine.facts import parse_module
from grader.engine.intake import is_plain_file

ROLE_KEYS = tuple(rubric.MODULES.values())                  # "tcp_server.py", ...
OPTION = {name: name.removesuffix(".py").replace("_", "-") for name in ROLE_KEYS}  # "tcp-server"
SKIP = ("test_", "setup.py", "__init__.py", "conftest.py")


@dataclass
class Roles:
    files: dict                                   # kit name -> file taken (relative), or None
    how: dict = field(default_factory=dict)       # kit name -> "kit" / "found" / "given"
    problems: list = field(default_factory=list)  # (message id, fields) for the report

    def file(self, name):
        """The file that plays `name` ("tcp_server.py"), or the kit's name when none does."""
        return self.files.get(name) or name

    def to_json(self):
        return {"files": self.files, "how": self.how, "problems": [list(p) for p in self.problems]}

    @classmethod
    def from_json(cls, data):
        return cls(dict(data["files"]), dict(data.get("how", {})), [tuple(p) for p in data.get("problems", [])])


def _calls_and_names(tree):
    calls, names = set(), set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            calls.add(func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else "")
        elif isinstance(node, ast.Name):
            names.add(node.id)
        elif isinstance(node, ast.Attribute):
            names.add(node.attr)
    return calls, names


def role_of(path):
    """The kit name of the part the module at `path` plays, or None (a helper, or unclear)."""
    try:
        tree = parse_module(path)   # within the parse budget, never through a link
    except (SyntaxError, ValueError, OSError):
        return _by_name(Path(path).stem, None)
    calls, names = _calls_and_names(tree)
    if "socket" not in names and "socket" not in calls and "create_connection" not in calls \
            and "create_server" not in calls:
        return None  # no socket at all: a helper
    udp = "SOCK_DGRAM" in names
    server = 2 * len(calls & {"bind", "listen", "accept", "create_server"}) + ("recvfrom" in calls and udp)
    client = 2 * len(calls & {"connect", "create_connection", "input"})
    if udp and "input" not in calls and "bind" in calls:
        server += 2
    part = "server" if server > client else "client" if client > server else None
    if part is None:
        return _by_name(Path(path).stem, "udp" if udp else "tcp")
    return f"{'udp' if udp else 'tcp'}_{part}.py"


def _by_name(stem, transport):
    stem = stem.lower()
    part = "server" if "serv" in stem else "client" if "client" in stem or "cli" in stem else None
    transport = transport or ("udp" if "udp" in stem else "tcp" if "tcp" in stem else None)
    return f"{transport}_{part}.py" if part and transport else None


def candidates(folder):
    return sorted(p.name for p in Path(folder).glob("*.py")
                  if is_plain_file(p) and not p.name.startswith(SKIP[0]) and p.name not in SKIP[1:])


NOT_SUBMITTED = ("venv", "env", "site-packages", "tests", "test", "node_modules",
                 "chatkit")   # the kit's own package, when a student kept a copy: never their chat


def _kept_folder(part):
    return not part.startswith((".", "__")) and part.lower() not in NOT_SUBMITTED


def nested_candidates(folder, depth=2):
    """Files in sub-folders (Server/server.py, chat/server.py), as relative paths: where
    the parts are when the top level has none of them."""
    folder = Path(folder)
    found = []
    for path in folder.rglob("*.py"):
        relative = path.relative_to(folder)
        folders = relative.parts[:-1]
        if not folders or len(folders) > depth or not all(_kept_folder(p) for p in folders):
            continue
        if path.is_file() and not path.name.startswith(SKIP[0]) and path.name not in (*SKIP[1:], "__main__.py"):
            found.append(relative.as_posix())
    return sorted(found)


def _found_in_sub_folders(folder, files, found):
    """Parts neither given, nor kit-named, nor found at the top level, found by their code
    in sub-folders (added to `found`)."""
    missing = [key for key in ROLE_KEYS if key not in files and key not in found]
    if not missing:
        return
    for name in nested_candidates(folder):
        key = role_of(folder / name)
        if key in missing:
            found.setdefault(key, []).append(name)


def _work_done(path, key):
    """How much of the part's real work the module at `path` does, read with ast: for a server
    an accept (recvfrom for UDP) inside a loop, threads, and sends inside a loop (to every
    user); for a client a connect, input() inside a loop, threads and a receiving loop."""
    try:
        tree = ast.parse(Path(path).read_bytes())
    except (SyntaxError, ValueError, OSError):
        return -1
    in_loop = set()
    for loop in (n for n in ast.walk(tree) if isinstance(n, (ast.While, ast.For, ast.AsyncFor))):
        in_loop |= _calls_and_names(loop)[0]
    calls, names = _calls_and_names(tree)
    threads = bool({"Thread", "start_new_thread", "ThreadingTCPServer", "ThreadingMixIn"} & (calls | names))
    if key.endswith("server.py"):
        wait = "recvfrom" if key.startswith("udp") else "accept"
        return (3 * (wait in in_loop) + threads + bool({"send", "sendall", "sendto"} & in_loop)
                + bool({"recv", "recvfrom"} & in_loop))
    return (("connect" in calls or "create_connection" in calls) + 2 * ("input" in in_loop) + threads
            + bool({"recv", "recvfrom"} & in_loop))


def choose_by_code(folder, key, options):
    """Of several files that could play `key`, the one that does most of its work, as a
    one-element list; all of them again when two do as much (the instructor then chooses)."""
    work = {name: _work_done(Path(folder) / name, key) for name in options}
    best = max(work.values())
    return [name for name in options if work[name] == best]


def _take_given(folder, given, files, how, problems):
    """The instructor's files first: a given file that is not there is said, and plays nothing."""
    for key, value in given.items():
        files[key], how[key] = Path(value).name, "given"
        if not is_plain_file(folder / Path(value).name):
            problems.append(("roles.given_missing", {"file": value, "option": OPTION[key]}))
            files[key] = None


def _take_kit_named(names, files, how):
    """Then the kit's own names (tcp_server.py, ...) for the parts still open."""
    for key in ROLE_KEYS:
        if key not in files and key in names:
            files[key], how[key] = key, "kit"


def _found_at_top_level(folder, names, files):
    """The top-level files not taken yet, by the part their code plays: {kit name: [files]}."""
    taken = {value for value in files.values() if value}
    found: dict[str, list[str]] = {}
    for name in names:
        if name in taken or name in ROLE_KEYS:
            continue
        key = role_of(folder / name)
        if key is not None and key not in files:
            found.setdefault(key, []).append(name)
    return found


def _the_one_named_for(key, options):
    """Of several files for `key`, the one whose name says the part, if exactly one does."""
    part = key.split("_")[1].removesuffix(".py")
    named = [n for n in options if part[:4] in Path(n).name.lower()]
    return named if len(named) == 1 else options


def _the_one_doing_the_work(folder, key, options, problems):
    """Else the one that does the part's work (issue 24: never lose it silently), said in
    the report with the others."""
    chosen = choose_by_code(folder, key, options)
    if len(chosen) != 1:
        return options
    problems.append(("roles.chosen", {"part": key, "file": chosen[0], "option": OPTION[key],
                                      "others": ", ".join(n for n in options if n != chosen[0])}))
    return chosen


def _settle(folder, key, options, problems):
    """The files still in the running for `key` once names, then code, have chosen."""
    if len(options) > 1:
        options = _the_one_named_for(key, options)
    if len(options) > 1:
        options = _the_one_doing_the_work(folder, key, options, problems)
    return options


def _take_found(key, options, files, how, problems):
    """One file left plays the part; two or more are said, and none plays it."""
    if len(options) == 1:
        files[key], how[key] = options[0], "found"
        return
    files[key] = None
    if options:
        problems.append(("roles.ambiguous", {"part": key, "files": ", ".join(options),
                                             "option": OPTION[key], "first": options[0]}))


def _say_missing_parts(files, problems):
    """A track with some of its parts found names each part it lacks (unless already said)."""
    for track in rubric.TRACKS:
        keys = [rubric.MODULES[(track, role)] for role in rubric.ROLES]
        have = [k for k in keys if files.get(k)]
        for key in keys:
            if have and not files.get(key) and not any(p[1].get("part") == key for p in problems):
                problems.append(("roles.none", {"part": key, "option": OPTION[key]}))


def find_roles(folder, given=None):
    """Roles for the submission in `folder`; `given` maps kit names to the instructor's files.
    In order: the instructor's files, the kit's names, then files found by their code (top
    level, then sub-folders), settled by name and then by the work they do."""
    folder = Path(folder)
    given = {key: value for key, value in (given or {}).items() if value}
    files: dict[str, str | None] = {}
    how: dict[str, str] = {}
    problems: list = []
    names = candidates(folder)
    _take_given(folder, given, files, how, problems)
    _take_kit_named(names, files, how)
    found = _found_at_top_level(folder, names, files)
    _found_in_sub_folders(folder, files, found)
    for key in ROLE_KEYS:
        if key not in files:
            _take_found(key, _settle(folder, key, found.get(key, []), problems), files, how, problems)
    _say_missing_parts(files, problems)
    return Roles({key: files.get(key) for key in ROLE_KEYS}, how, problems)


def helpers_of(folder, file):
    """The submission's own modules that the part `file` imports (from its own folder):
    a server split across modules (server.py accepts, handlers.py holds the thread) is
    read as one, for the static check."""
    path = Path(folder) / file
    try:
        tree = ast.parse(path.read_bytes())
    except (SyntaxError, ValueError, OSError):
        return []
    named: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            named.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            named.add(node.module.split(".")[0])
    return sorted(path.parent / f"{name}.py" for name in named
                  if (path.parent / f"{name}.py").is_file() and f"{name}.py" != path.name)


def with_helpers(folder, file):
    """A part's source facts, with what its own helper modules use (a server split across
    modules: the accept loop here, the Thread subclass there) counted as its own."""
    from grader.engine.facts import read_facts
    facts = read_facts(Path(folder) / file)
    for helper in helpers_of(folder, file) if facts.exists else ():
        more = read_facts(helper)
        facts.imports |= more.imports
        facts.names |= more.names
        facts.calls |= more.calls
        facts.thread_subclass |= more.thread_subclass
        facts.default_socket |= more.default_socket
    return facts


def read_mapping(path):
    """An instructor's mapping file for batch: JSON, student -> part -> file, "*" for everyone:

        {"*": {"tcp-server": "server.py"}, "ivanov": {"tcp-client": "Client.py"}}

    Returns {student: {kit name: file}}; raises ValueError with the reason."""
    import json
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    by_option = {option: key for key, option in OPTION.items()}
    by_option.update({key.removesuffix(".py"): key for key in ROLE_KEYS})
    if not isinstance(data, dict):
        raise ValueError("not a JSON object")
    mapping = {}
    for student, parts in data.items():
        if not isinstance(parts, dict) or set(parts) - set(by_option):
            raise ValueError(f"{student}: parts are {', '.join(OPTION.values())}")
        mapping[student] = {by_option[part]: str(file) for part, file in parts.items()}
    return mapping


def given_for(mapping, student):
    """The files an instructor chose for `student` from read_mapping()'s result, or None."""
    if not mapping:
        return None
    chosen = {**mapping.get("*", {}), **mapping.get(student, {})}
    return chosen or None
