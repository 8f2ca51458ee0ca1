"""The lenient matcher (--lenient), a course's own protocol (--protocol), and transcripts of
streams decoded as streams: a character split between two TCP segments is shown whole."""
import socket
import threading

import pytest

from chatkit import protocol
from grader.chat.lenient import Matcher, Protocol, ProtocolError, Wanted, quit_command
from grader.chat.peers import Actor, Peer
from grader.chat.transcript import Failure, Scenario, flatten
from grader.engine import limits


# --- the matcher ------------------------------------------------------------------------

def test_the_default_matcher_waits_for_the_kits_exact_words():
    says = Matcher()
    assert says.prompt() == protocol.PROMPT
    assert says.welcome("Аня") == protocol.welcome("Аня")
    assert says.joined("Аня") == protocol.joined("Аня")
    assert says.left("Аня") == protocol.left("Аня")
    assert says.chat_line("Аня", "привет") == protocol.chat_line("Аня", "привет")
    assert says.quit == protocol.QUIT


def test_a_course_protocol_gives_its_own_exact_words():
    course = Protocol(welcome="Hi, {name}!", joined="{name} joined", chat_line="<{name}> {text}", quit="/bye")
    says = Matcher(course)
    assert says.welcome("Аня") == "Hi, Аня!"
    assert says.chat_line("Аня", "привет") == "<Аня> привет"
    assert says.left("Аня") == protocol.left("Аня")     # not given: the kit's
    assert says.quit == "/bye"


@pytest.mark.parametrize("received", [
    "Привет, Аня! Ты в чате.", "Аня присоединился к чату!", "* Аня вошёл в чат", "Welcome, Аня!",
])
def test_a_lenient_notice_is_any_text_that_names_the_user(received):
    assert Wanted("names", "Аня").find(flatten(received + "\n")) is not None
    assert Wanted("names", "Боря").find(flatten(received + "\n")) is None


@pytest.mark.parametrize("received", [
    "Аня: Всем привет!", "[Аня] Всем привет!", "<Аня> Всем привет!", "Аня\n: Всем привет!",
    "[12:00:01] Аня says: Всем привет!", "Всем привет! (Аня)",
])
def test_a_lenient_relay_carries_the_text_with_the_senders_name(received):
    assert Wanted("carries", "Аня", "Всем привет!").find(flatten(received)) is not None


def test_a_lenient_relay_without_the_senders_name_near_it_does_not_count():
    assert Wanted("carries", "Аня", "Всем привет!").find("Всем привет!") is None
    far = "Аня присоединился к чату, поздоровайтесь с ней как следует. Боря> Всем привет!"
    assert Wanted("carries", "Аня", "Всем привет!").find(far) is None


def test_a_lenient_prompt_is_anything_at_all():
    assert Wanted("any").find("NICK") is not None
    assert Wanted("any").find(" \n") is None


# --- a course's protocol file -----------------------------------------------------------

def test_a_protocol_file_is_read_and_checked(tmp_path):
    good = tmp_path / "course.toml"
    good.write_text('welcome = "Здравствуй, {name}!"\nchat_line = "{name} > {text}"\nquit = "/exit"\n',
                    encoding="utf-8")
    course = Protocol.from_toml(good)
    assert course.welcome == "Здравствуй, {name}!" and course.quit == "/exit"
    assert course.prompt == protocol.PROMPT and course != Protocol()
    assert Protocol.from_json(course.to_json()) == course

    unknown = tmp_path / "unknown.toml"
    unknown.write_text('greeting = "Привет"\n', encoding="utf-8")
    with pytest.raises(ProtocolError, match="greeting"):
        Protocol.from_toml(unknown)
    no_name = tmp_path / "no_name.toml"
    no_name.write_text('joined = "кто-то вошёл"\n', encoding="utf-8")
    with pytest.raises(ProtocolError, match="joined"):
        Protocol.from_toml(no_name)
    with pytest.raises(ProtocolError):
        Protocol.from_toml(tmp_path / "missing.toml")
    broken = tmp_path / "broken.toml"
    broken.write_text("welcome = \n", encoding="utf-8")
    with pytest.raises(ProtocolError):
        Protocol.from_toml(broken)


# --- the quit command, read from the server's source ------------------------------------

@pytest.mark.parametrize("source, command", [
    ('if text == "/quit":\n    pass\n', "/quit"),
    ('if text == "/exit":\n    pass\n', "/exit"),
    ('if text.strip() in ("выход", "/q"):\n    pass\n', "/q"),
    ('if msg.startswith("/leave"):\n    pass\n', "/leave"),
    ('if msg == "hello":\n    pass\n', protocol.QUIT),
    ("def broken(:\n", protocol.QUIT),
])
def test_the_quit_command_is_the_servers_own(source, command):
    assert quit_command(source) == command


# --- transcripts of streams --------------------------------------------------------------

def test_a_character_split_between_two_segments_is_shown_whole():
    """A real server sends a Cyrillic line in two pieces, cut inside «р» of «Боря»."""
    line = "Боря присоединился к чату.\n".encode("utf-8")
    cut = line.index("р".encode("utf-8")) + 1          # inside the two bytes of «р»
    listener = socket.create_server(("127.0.0.1", 0))
    scenario = Scenario("ru")
    sent_first = threading.Event()

    def serve():
        conn, _ = listener.accept()
        with conn:
            conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            conn.sendall(line[:cut])
            sent_first.set()
            ready.wait(limits.EXPECT_TIMEOUT)
            conn.sendall(line[cut:])

    ready = threading.Event()
    server = threading.Thread(target=serve, daemon=True)
    server.start()
    try:
        peer = Peer.connect("Аня", listener.getsockname(), scenario)
        assert sent_first.wait(limits.EXPECT_TIMEOUT)
        assert peer.stream.wait_growth(0, limits.EXPECT_TIMEOUT)   # the first piece arrived alone
        ready.set()
        assert peer.stream.wait_for("Боря присоединился к чату.", limits.EXPECT_TIMEOUT)
        received = [text for _, actor, kind, text in scenario.events if kind == "recv"]
        assert len(received) == 2
        assert "".join(received) == line.decode("utf-8")
        assert all("\ufffd" not in text for text in received)
    finally:
        scenario.close()
        server.join(limits.STOP_TIMEOUT)
        listener.close()


@pytest.mark.parametrize("source, word", [
    ('if message == "NICK":\n    pass\n', "NICK"),
    ('if data == b"NAME?":\n    pass\n', "NAME?"),
    ('if line == "/quit":\n    pass\n', None),
    ('print("hi")\n', None),
    ('if __name__ == "__main__":\n    main()\n', None),
    ('def main():\n    if data == "NICK":\n        pass\n\nif __name__ == "__main__":\n    main()\n', "NICK"),
])
def test_the_word_a_client_waits_for_is_read_from_its_source(source, word):
    from grader.chat.lenient import awaited_prompt
    assert awaited_prompt(source) == word


def test_a_character_split_between_two_writes_of_a_client_is_shown_whole(tmp_path):
    """The client's printed output is decoded as a stream too."""
    (tmp_path / "tcp_client.py").write_text(
        "import sys\n\n\n"
        "def main(host, port):\n"
        "    data = 'Привет'.encode('utf-8')\n"
        "    sys.stdout.buffer.write(data[:3])   # «П» and half of «р»\n"
        "    sys.stdout.buffer.flush()\n"
        "    input()\n"
        "    sys.stdout.buffer.write(data[3:] + b'\\n')\n"
        "    sys.stdout.buffer.flush()\n"
        "    input()\n", encoding="utf-8")
    from grader.sandbox.child import Child
    scenario = Scenario("ru")
    try:
        child = Child(scenario, tmp_path, "tcp_client.py", 9, stdin=True, output=Actor("клиент", scenario, role="chat.role.output"))
        assert child.output.stream.wait_growth(0, limits.READY_TIMEOUT)
        child.type("")
        assert child.output.stream.wait_for("Привет", limits.EXPECT_TIMEOUT)
        printed = [text for _, actor, kind, text in scenario.events if kind == "print"]
        assert "".join(printed) == "Привет\n" and all("\ufffd" not in text for text in printed)
    finally:
        scenario.close()


def test_the_gradescope_bundle_carries_lenient_and_the_course_protocol(tmp_path):
    import zipfile

    from grader.tools.bundle import PROTOCOL_NAME, build
    course = tmp_path / "course.toml"
    course.write_text('joined = "{name} вошёл в чат"\n', encoding="utf-8")
    out = tmp_path / "autograder.zip"
    names = build(out, lenient=True, protocol=course)
    assert PROTOCOL_NAME in names
    with zipfile.ZipFile(out) as archive:
        run = archive.read("run_autograder").decode("utf-8")
        assert archive.read(PROTOCOL_NAME) == course.read_bytes()
    assert "--lenient" in run and f"--protocol {PROTOCOL_NAME}" in run


def test_the_demo_and_the_bench_find_a_server_by_its_code():
    from pathlib import Path

    from grader.tools.bench.cli import check_folder
    from grader.tools.demo import Demo
    folder = Path(__file__).resolve().parent / "corpus" / "lenient_joined_exclaim"   # server.py, client.py
    assert Demo(folder).module == "server.py"
    assert Path(check_folder(str(folder), "en")) == folder


def test_batch_grades_with_the_lenient_rules_and_caches_them_apart(tmp_path):
    import csv
    import shutil
    import subprocess
    import sys
    from pathlib import Path

    kit = Path(__file__).resolve().parents[1]
    submissions = tmp_path / "submissions"
    shutil.copytree(kit / "tests" / "corpus" / "lenient_joined_exclaim", submissions / "ivanov",
                    ignore=shutil.ignore_patterns("expect.json", "__pycache__"))

    def batch(*args):
        out = tmp_path / "grades.csv"
        done = subprocess.run([sys.executable, "-m", "grader", "batch", submissions, "--csv", out, "--lang", "en",
                               *args], cwd=kit, capture_output=True, text=True, encoding="utf-8", timeout=300)
        assert done.returncode == 0, done.stdout + done.stderr
        rows = list(csv.DictReader(out.read_text(encoding="utf-8-sig").splitlines()))
        return float(rows[0]["score"])

    course = tmp_path / "course.toml"
    course.write_text('prompt = "Как тебя зовут? "\nwelcome = "Здравствуй, {name}!"\n'
                      'joined = "{name} присоединился к чату!"\nleft = "{name} вышел из чата"\n'
                      'chat_line = "[{name}] {text}"\n', encoding="utf-8")
    assert batch("--lenient") == 100
    # Not the lenient row from the cache: the rules are part of its key. Exact words again,
    # the course's this time, and its welcome is not the one the server sends.
    assert batch("--protocol", course) == 95


# --- a join notice still on its way when she leaves --------------------------------------

ANNOUNCED_AFTER = 1.5   # seconds: longer than join() waits for a notice, well within an expected line's bound
ANNOUNCES_LATE = f'''\
import socket
import threading
import time

clients = {{}}
lock = threading.Lock()


def broadcast(text, sender):
    with lock:
        others = [sock for sock in clients if sock is not sender]
    for sock in others:
        try:
            sock.sendall(text.encode("utf-8"))
        except OSError:
            pass


def announce(sock, name):
    time.sleep({ANNOUNCED_AFTER})   # the newcomer is announced a while later
    broadcast(name + " is here\\n", sock)


def handle(sock):
    sock.sendall(b"Name? ")
    name = sock.recv(1024).decode("utf-8").strip()
    sock.sendall(("Hello, " + name + "!\\n").encode("utf-8"))
    with lock:
        clients[sock] = name
    threading.Thread(target=announce, args=(sock, name)).start()
    while True:
        try:
            data = sock.recv(1024)
        except OSError:
            break
        if not data:
            break
        broadcast(name + ": " + data.decode("utf-8").strip() + "\\n", sock)
    with lock:
        del clients[sock]
    sock.close()


def main(host, port):
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind((host, port))
    server.listen()
    while True:
        sock, _ = server.accept()
        threading.Thread(target=handle, args=(sock,)).start()
'''


def test_a_join_notice_still_on_its_way_when_she_leaves_is_not_her_leave_notice(tmp_path):
    """Check 1.9, lenient: a server that never says who left, and announces a newcomer later
    than join() waits for the notice, must fail: her join notice reaches the others only
    after join() went on, and must not be taken for "a line naming her after she left"."""
    from grader.chat.scenarios import start_server

    assert limits.SETTLE_TIMEOUT < ANNOUNCED_AFTER < limits.EXPECT_TIMEOUT / 2
    (tmp_path / "tcp_server.py").write_text(ANNOUNCES_LATE, encoding="utf-8")
    scenario = Scenario("en", "tcp.server.leave_notice")
    try:
        chat = start_server(scenario, tmp_path, "tcp_server.py", "tcp", {}, Matcher(lenient=True))
        anya, borya, vika = chat.join("Аня", "Боря", "Вика", roll_call=True)   # check 1.9's steps
        chat.leave(vika)
        notice = chat.says.left("Вика", chat.departed["Вика"])
        for user in (anya, borya):
            with pytest.raises(Failure):
                user.expect(notice)
    finally:
        scenario.close()
