"""The lecture-hall demo: runs to its end without a terminal, and saves its last screen."""
import subprocess
import sys
from pathlib import Path

from chatkit import protocol
from grader.tools.demo import SCRIPT, users_of

KIT = Path(__file__).resolve().parents[1]
LECTURE = KIT / "tests" / "corpus" / "lecture_style"


def run_demo(*args):
    done = subprocess.run([sys.executable, "-m", "grader", "demo", *map(str, args)], cwd=KIT,
                          capture_output=True, text=True, encoding="utf-8", timeout=180)
    return done.returncode, done.stdout, done.stderr


def test_the_demo_runs_headless_to_the_end_and_saves_a_picture(tmp_path):
    picture = tmp_path / "pictures" / "demo.svg"
    code, out, err = run_demo("--speed", "20", "--svg", picture)
    assert code == 0, out + err
    # Printed once, at the end: every user's panel, what they were told, and the server's log.
    assert out.count("Демо чата") == 1
    first, _, said = next(step for step in SCRIPT if step[1] == "say")
    for line in (protocol.welcome(first), protocol.chat_line(first, said),
                 protocol.left("Боря"), "Сервер запущен"):
        assert line in out, line
    svg = picture.read_text(encoding="utf-8")
    assert svg.lstrip().startswith("<svg") and svg.rstrip().endswith("</svg>")
    assert all(name in svg for name in users_of(SCRIPT))


def test_the_demos_names_agree_with_the_courses_fixed_wording():
    # «{name} присоединился к чату.», «{name} покинул чат.»: read aloud in a lecture hall,
    # «Вика покинул чат» would be wrong. These are the cast's names that would not agree.
    feminine = {"Аня", "Вика", "Даша", "Зоя", "Катя"}
    assert not feminine & set(users_of(SCRIPT))


def test_the_demo_shows_a_students_server(tmp_path):
    code, out, err = run_demo(LECTURE, "--speed", "20")
    assert code == 0, out + err
    assert "lecture_style/tcp_server.py" in out
    name, _, said = [step for step in SCRIPT if step[1] == "say"][2]
    assert protocol.chat_line(name, said) in out


def test_a_server_that_does_not_start_ends_the_demo_with_the_reason(tmp_path):
    (tmp_path / "tcp_server.py").write_text("def main(host, port)\n    pass\n", encoding="utf-8")
    code, out, err = run_demo(tmp_path, "--speed", "20")
    assert code == 1 and "синтаксическая ошибка" in out


def test_a_folder_without_a_tcp_server_is_one_sentence(tmp_path):
    (tmp_path / "udp_server.py").write_text("def main(host, port):\n    pass\n", encoding="utf-8")
    code, out, err = run_demo(tmp_path)
    assert code == 2 and "нет tcp_server.py" in out
