"""The grader end to end: real submissions, real child processes, the real command line."""
import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from grader.engine import rubric
from grader.messages import say

KIT = Path(__file__).resolve().parents[1]
LECTURE = KIT / "tests" / "corpus" / "lecture_style"


def run_grader(*args, cwd=KIT):
    """Run `python -m grader ARGS` as a user would; return (exit code, stdout)."""
    done = subprocess.run([sys.executable, "-m", "grader", *map(str, args)], cwd=cwd,
                          capture_output=True, text=True, encoding="utf-8", timeout=180)
    return done.returncode, done.stdout + done.stderr


def grade_json(folder, tmp_path, *args):
    out = tmp_path / "results.json"
    code, text = run_grader(folder, "--json", out, *args)
    assert code == 0, text
    return json.loads(out.read_text(encoding="utf-8")), text


def mutant(tmp_path, name, replace, new):
    """A copy of the lecture-style server with one line changed: a single, known bug."""
    folder = tmp_path / name
    folder.mkdir()
    source = (LECTURE / "tcp_server.py").read_text(encoding="utf-8")
    assert replace in source, "the lecture-style server changed; update this mutant"
    (folder / "tcp_server.py").write_text(source.replace(replace, new), encoding="utf-8")
    return folder


def failed_ids(document):
    """Ids of the failed checks (an untaken track's line has no status, a cap line no check id)."""
    return {test["tags"][3] for test in document["tests"] if test.get("status") == "failed" and len(test["tags"]) > 3}


def test_reference_solutions_score_full_marks_and_the_json_has_every_field(tmp_path):
    document, text = grade_json(KIT / "solutions", tmp_path)
    assert document["score"] == 100
    assert "max_score" not in document and sum(t["max_score"] for t in document["tests"]) == 100
    assert document["extra_data"]["tcp"] == 100 and document["extra_data"]["udp"] == 80
    assert isinstance(document["execution_time"], int) and document["output"]
    assert len(document["tests"]) == len(rubric.checks())
    for test in document["tests"]:
        assert set(test) >= {"name", "number", "score", "max_score", "status", "output", "tags"}
        assert test["status"] == "passed" and test["score"] == test["max_score"]
    assert say("report.final", "ru", score=100) in text


def test_a_udp_only_copy_of_the_solutions_scores_80(tmp_path):
    folder = tmp_path / "udp_only"
    folder.mkdir()
    for name in ("udp_server.py", "udp_client.py"):
        shutil.copy(KIT / "solutions" / name, folder / name)
    document, text = grade_json(folder, tmp_path)
    assert document["score"] == 80
    assert document["extra_data"]["tracks"]["tcp"]["state"] == "missing"
    assert "TCP: " + say("report.state.missing", "ru") in text


def test_the_untouched_lab_reads_as_not_started_with_no_wall_of_failures(tmp_path, pristine_lab):
    document, text = grade_json(pristine_lab, tmp_path)
    assert document["score"] == 0
    assert "не начато" in text
    assert "╭" not in text, "an untouched skeleton must not print failure panels"


def test_a_lecture_style_submission_scores_full_marks(tmp_path):
    document, _ = grade_json(LECTURE, tmp_path)
    assert document["score"] == 100, failed_ids(document)


@pytest.mark.parametrize("name, replace, new, check", [
    ("echo", "if client_socket != sender_socket:", "if True:", "tcp.server.no_echo"),
    ("no_join_notice", "mailing(joined(username), client_socket)", "pass", "tcp.server.join_notice"),
    ("no_leave_notice", "mailing(left(username), client_socket)", "pass", "tcp.server.leave_notice"),
    ("wrong_welcome", "client_socket.send(welcome(username).encode())",
     "client_socket.send(f'Привет, {username}!'.encode())", "tcp.server.welcome"),
])
def test_a_single_bug_fails_exactly_the_check_that_names_it(tmp_path, name, replace, new, check):
    document, _ = grade_json(mutant(tmp_path, name, replace, new), tmp_path, "--only", "tcp")
    tcp_server_failures = {i for i in failed_ids(document) if i.startswith("tcp.server.")}
    assert tcp_server_failures == {check}
    failed = next(t for t in document["tests"] if t["tags"][3:4] == [check])
    assert failed["output"], "a failure must explain itself"


@pytest.mark.parametrize("source, words", [
    ("import time\nwhile True:\n    time.sleep(1)\n", "импорт"),
    ("import os\ndef main(host, port):\n    os._exit(7)\n", "код 7"),
    ("def main(host, port)\n    pass\n", "синтаксическая ошибка"),
    ("import socket, threading, sys\ndef main(host, port):\n    while True:\n        sys.stdout.write('x' * 65536)\n",
     "порт"),
    ("import socket, threading\ndef main(host, port):\n    s = socket.socket()\n"
     "    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)\n    s.bind(('127.0.0.1', 0))\n"
     "    s.listen()\n    while True:\n        s.accept()\n", "слушает порт"),
], ids=["hang_at_import", "os_exit", "syntax_error", "output_flood", "wrong_port"])
def test_a_hostile_server_is_graded_within_bounds_and_the_report_says_why(tmp_path, source, words):
    folder = tmp_path / "hostile"
    folder.mkdir()
    (folder / "tcp_server.py").write_text(source, encoding="utf-8")
    document, text = grade_json(folder, tmp_path, "--only", "tcp")
    assert document["score"] == 0
    assert words in text


def test_fail_under_decides_the_exit_status(pristine_lab):
    code, text = run_grader(pristine_lab, "--fail-under", "50")
    assert code == 1, text


def test_the_report_speaks_english_on_request(pristine_lab):
    code, text = run_grader(pristine_lab, "--lang", "en")
    assert code == 0 and "Final score: 0 of 100" in text and "not started" in text


@pytest.mark.parametrize("make, words", [
    (lambda tmp: tmp / "nowhere", "Не нашли"),
    (lambda tmp: tmp, "это не папка с решением"),
    (lambda tmp: (tmp / "broken.zip").write_bytes(b"not a zip") and tmp / "broken.zip", "не открывается"),
    (lambda tmp: (tmp / "notes.txt").write_text("hi") and tmp / "notes.txt", "это файл, а не папка"),
], ids=["missing", "not_a_submission", "bad_zip", "plain_file"])
def test_bad_input_gets_one_clear_sentence_and_exit_status_2(tmp_path, make, words):
    code, text = run_grader(make(tmp_path))
    assert code == 2
    assert words in text and "Traceback" not in text
    assert len(text.strip().splitlines()) == 1


def test_a_zipped_submission_is_graded_like_its_folder(tmp_path):
    archive = tmp_path / "student.zip"
    with zipfile.ZipFile(archive, "w") as out:
        out.write(LECTURE / "tcp_server.py", "student/tcp_server.py")
        out.write(LECTURE / "tcp_client.py", "student/tcp_client.py")
    document, _ = grade_json(archive, tmp_path)
    assert document["score"] == 100


def test_assignment_md_shows_the_rubric_exactly_as_the_grader_scores_it():
    text = (KIT / "assignment.md").read_text(encoding="utf-8")
    for lang in ("ru", "en"):
        start, end = f"<!-- rubric:{lang} -->", f"<!-- /rubric:{lang} -->"
        shown = text.split(start, 1)[1].split(end, 1)[0].strip()
        assert shown == rubric.markdown(lang).strip()


WORDED = KIT / "tests" / "corpus" / "lenient_joined_exclaim"   # a working chat in its own words


def test_lenient_grades_behaviour_and_says_so_in_the_report_and_the_json(tmp_path):
    document, text = grade_json(WORDED, tmp_path, "--lenient", "--lang", "en")
    assert document["score"] == 100, text
    assert say("lenient.report", "en") in " ".join(text.split())   # the terminal wraps long lines
    assert document["extra_data"]["lenient"] is True and document["extra_data"]["protocol"] is None


def test_a_course_protocol_file_gives_the_exact_words_to_wait_for(tmp_path):
    course = tmp_path / "course.toml"
    course.write_text('prompt = "Как тебя зовут? "\nwelcome = "Привет, {name}! Ты в чате."\n'
                      'joined = "{name} присоединился к чату!"\nleft = "{name} вышел из чата"\n'
                      'chat_line = "[{name}] {text}"\n', encoding="utf-8")
    document, text = grade_json(WORDED, tmp_path, "--protocol", course, "--lang", "en")
    assert document["score"] == 100, text
    assert say("lenient.report.protocol", "en", file="course.toml") in " ".join(text.split())
    assert document["extra_data"]["protocol"]["chat_line"] == "[{name}] {text}"


def test_a_protocol_file_that_cannot_be_used_gets_one_sentence_and_exit_status_2(tmp_path):
    course = tmp_path / "course.toml"
    course.write_text('greeting = "Привет"\n', encoding="utf-8")
    code, text = run_grader(WORDED, "--protocol", course)
    assert code == 2 and "greeting" in text and "Traceback" not in text
    assert len(text.strip().splitlines()) == 1
