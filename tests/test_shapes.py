"""The shape a module is started in and the part each file plays, read from the source alone."""
from pathlib import Path

import pytest

from grader.engine.roles import find_roles, read_mapping
from grader.engine.shapes import entry_of

CORPUS = Path(__file__).resolve().with_name("corpus")


@pytest.mark.parametrize("source, shape, label", [
    ("def main(host, port):\n    pass\n", "main(host, port)", "main(host, port)"),
    ("import socket\ns = socket.socket()\ns.bind(('0.0.0.0', 1221))\ndef main():\n    s.listen()\n"
     "if __name__ == '__main__':\n    main()\n", "script", "main()"),
    ("def start_server(host='127.0.0.1', port=5555):\n    pass\nif __name__ == '__main__':\n    start_server()\n",
     "function(host, port)", "start_server(host, port)"),
    ("def run_server(server_host, server_port):\n    pass\n", "function(host, port)",
     "run_server(server_host, server_port)"),
    ("class Server:\n    def __init__(self, address):\n        pass\n    def run(self):\n        pass\n",
     "class", "Server(…).run()"),
    ("import socket\nwhile True:\n    pass\n", "script", "module"),
    ("def main():\n    pass\n", "main()", "main()"),
    ("class ChatServer:\n    def __init__(self, host, port):\n        while True:\n            self.s.accept()\n",
     "class", "ChatServer(…)"),
])
def test_the_shape_is_read_from_the_source(source, shape, label):
    entry = entry_of(source)
    assert (entry.shape, entry.label) == (shape, label)


def test_a_guard_that_sets_things_up_runs_as_written():
    source = ("def start_server(host, port):\n    pass\n"
              "if __name__ == '__main__':\n    clients = []\n    start_server('0.0.0.0', 1)\n")
    assert entry_of(source).shape == "script"


def test_binding_at_import_is_noticed():
    source = "import socket\ns = socket.socket()\ns.bind(('', 1))\ndef main():\n    pass\n"
    assert entry_of(source).binds_at_import


@pytest.mark.parametrize("folder, files", [
    ("lecture_as_given_named", {"tcp_server.py": "server.py", "tcp_client.py": "client.py"}),
    ("shape_class_run", {"tcp_server.py": "Server.py", "tcp_client.py": "Client.py"}),
    ("shape_entry_function_defaults", {"tcp_server.py": "chat_server.py", "tcp_client.py": "chat_client.py"}),
    ("shape_udp_script", {"udp_server.py": "udp_chat_server.py", "udp_client.py": "udp_chat_client.py"}),
    ("correct_functions", {"tcp_server.py": "tcp_server.py", "tcp_client.py": "tcp_client.py",
                           "udp_server.py": "udp_server.py", "udp_client.py": "udp_client.py"}),
])
def test_parts_are_found_by_what_their_code_does(folder, files):
    roles = find_roles(CORPUS / folder)
    assert {k: v for k, v in roles.files.items() if v} == files
    assert roles.problems == []


def test_two_candidates_for_one_part_get_one_sentence(tmp_path):
    server = "import socket\ns = socket.socket()\ns.bind(('', 1))\ns.listen()\ns.accept()\n"
    (tmp_path / "a.py").write_text(server)
    (tmp_path / "b.py").write_text(server)
    roles = find_roles(tmp_path)
    assert roles.files["tcp_server.py"] is None
    assert [p[0] for p in roles.problems] == ["roles.ambiguous"]
    chosen = find_roles(tmp_path, {"tcp_server.py": "b.py"})
    assert chosen.files["tcp_server.py"] == "b.py" and chosen.how["tcp_server.py"] == "given"


def test_a_mapping_file_names_parts_per_student(tmp_path):
    path = tmp_path / "roles.json"
    path.write_text('{"*": {"tcp-server": "server.py"}, "ivanov": {"tcp-client": "Client.py"}}')
    assert read_mapping(path) == {"*": {"tcp_server.py": "server.py"}, "ivanov": {"tcp_client.py": "Client.py"}}
    path.write_text('{"*": {"tcp-sever": "server.py"}}')
    with pytest.raises(ValueError):
        read_mapping(path)


def test_the_machines_own_name_resolves_to_loopback_in_the_sandbox():
    """socket.gethostbyname(socket.gethostname()) binds 127.0.x.1 at home; inside a network
    namespace the name may not resolve at all (launch.own_name_is_loopback)."""
    import socket
    from grader.sandbox.launch import LOOPBACK, own_name_is_loopback

    def unresolvable(name):
        raise socket.gaierror(-2, "Name or service not known")

    resolve = own_name_is_loopback(unresolvable)
    assert resolve(socket.gethostname()) == LOOPBACK
    with pytest.raises(socket.gaierror):
        resolve("no-such-host.invalid")


def test_parts_in_sub_folders_and_packages_are_found(tmp_path):
    """Server/ and Client/ folders, or a package: found when the top level has no part;
    a virtual environment or tests folder is never looked into."""
    from grader.engine.roles import find_roles
    server = "import socket\ns = socket.socket()\ns.bind(('', 1))\ns.listen()\ns.accept()\n"
    client = "import socket\ns = socket.socket()\ns.connect(('', 1))\ninput()\n"
    for path, text in {"Server/server.py": server, "Client/client.py": client,
                       ".venv/lib/x.py": server, "tests/fake_client.py": client}.items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(text)
    roles = find_roles(tmp_path)
    assert roles.files["tcp_server.py"] == "Server/server.py"
    assert roles.files["tcp_client.py"] == "Client/client.py"
    (tmp_path / "server.py").write_text(server)   # the top level wins
    assert find_roles(tmp_path).files["tcp_server.py"] == "server.py"


def test_a_server_split_across_modules_is_read_as_one(tmp_path):
    """server.py accepts, handlers.py (its own module) holds the thread: the static check
    counts what the helper uses as the server's."""
    from grader.engine.roles import with_helpers
    from grader.engine.facts import judge
    (tmp_path / "server.py").write_text("import socket\nfrom handlers import Worker\n"
                                        "s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)\n"
                                        "while True:\n    Worker(s.accept()[0]).start()\n")
    (tmp_path / "handlers.py").write_text("import threading\nclass Worker(threading.Thread):\n    pass\n")
    assert judge(with_helpers(tmp_path, "server.py"), "tcp", "server").ok
