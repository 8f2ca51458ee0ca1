"""The students' kit tests itself: the grader runs here and grades real code, with no
reference at hand. Run: python -m pytest (from the kit's folder)."""
import json
import shutil
import subprocess
import sys
from pathlib import Path

KIT = Path(__file__).resolve().parents[1]
BROKEN = '''import socket
import threading


def main(host, port):
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind((host, port))
    server.listen()
    while True:
        client, _ = server.accept()
        threading.Thread(target=client.close).start()   # answers nobody
'''


def run_grader(*args):
    done = subprocess.run([sys.executable, "-m", "grader", *map(str, args)], cwd=KIT,
                          capture_output=True, text=True, timeout=180)
    return done.returncode, done.stdout + done.stderr


def test_the_catalogues_have_the_same_sentences_in_both_languages():
    from grader.messages import en, ru
    assert set(ru.TEXT) == set(en.TEXT)


def test_the_untouched_skeletons_read_as_not_started(tmp_path):
    shutil.copytree(KIT / "lab", tmp_path / "lab", ignore=shutil.ignore_patterns(".chatkit", "__pycache__"))
    code, text = run_grader(tmp_path / "lab", "--json", tmp_path / "r.json")
    assert code == 0, text
    assert json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["score"] == 0


def test_a_server_that_answers_nobody_is_graded_not_crashed(tmp_path):
    (tmp_path / "tcp_server.py").write_text(BROKEN, encoding="utf-8")
    code, text = run_grader(tmp_path, "--json", tmp_path / "r.json", "--only", "tcp")
    assert code == 0, text    # 3 would be a fault of the grader itself
    document = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert 0 < document["score"] < 100, text   # the static check passes, the chat checks fail


def test_the_rubric_and_help_print():
    assert run_grader("rubric")[0] == 0
    code, text = run_grader("--help")
    assert code == 0 and "hint" in text
