"""A check whose failure a race in the student's code may have caused is decided the same
way every time (grader/engine/races.py): it runs again, «нестабильно» is scored as passed and
said in the report, results.json and the gradebook; a definite failure is never run again."""
import re
import textwrap

from dataclasses import replace

from grader.engine import limits, races, rubric
from grader.engine.outcome import Outcome
from grader.engine.runner import Options, grade, score
from grader.messages import say
from grader.report.gradescope import to_gradescope
from grader.report.terminal import plain, render
from grader.tools.batch.grading import Row, classify

RACE = 'Exception in thread Thread-3:\nTraceback (most recent call last):\nRuntimeError: dictionary changed size during iteration\n'
TCP_SERVER_IDS = tuple(c.id for c in rubric.checks("tcp", "server"))


def flat(text):
    """Text as words, without the panels' borders and line breaks."""
    return " ".join(re.sub("[│╭╮╰╯─]", " ", text).split())


def failed(stderr=RACE, **fields):
    return Outcome(**dict({"id": "tcp.server.broadcast_3", "status": "failed", "reason": "did not arrive",
                           "events": [[0.1, "Боря", "expect-missing", "Аня: Всем привет!"]],
                           "actors": [["Боря", "chat.role.user"]],
                           "outputs": [{"module": "tcp_server.py", "stderr": stderr, "stdout": "", "exit": None}]},
                          **fields))


def test_only_a_failure_that_shows_a_race_is_run_again():
    assert races.could_be_a_race(failed())
    assert races.could_be_a_race(failed(stderr="RuntimeError: Set changed size during iteration"))
    assert not races.could_be_a_race(failed(stderr="NameError: name 'clients' is not defined"))
    assert not races.could_be_a_race(failed(stderr=""))
    assert not races.could_be_a_race(failed(start_failed=True))     # the module never started
    assert not races.could_be_a_race(failed(reason="timeout"))       # a timeout is definite
    assert not races.could_be_a_race(replace(failed(), status="passed"))


def test_a_pass_after_a_failure_is_unstable_and_keeps_the_failing_run():
    first = failed()
    passing = Outcome(first.id, "passed")
    record = races.decide([first], passing)
    assert record.status == "passed" and record.unstable and record.runs == 2
    assert record.failing_run == first
    again = races.decide([first, failed(stderr="")], None)        # failed every run that reported
    assert again.status == "failed" and not again.unstable and again.runs == 2
    assert again.outputs == first.outputs                          # the run that showed the race
    assert races.decide([], passing) is passing
    assert Outcome.from_json(record.to_json()) == record           # the batch's cache keeps it


def test_unstable_is_said_in_the_report_results_json_and_the_gradebook(tmp_path):
    folder = tmp_path / "racy"
    folder.mkdir()
    (folder / "tcp_server.py").write_text("import socket, threading\n\ndef main(host, port):\n    pass\n",
                                          encoding="utf-8")
    checks = [Outcome(i, "passed") for i in TCP_SERVER_IDS]
    checks[5] = races.decide([failed(id=checks[5].id)], checks[5])
    options = Options(lang="en", only="tcp", checks=TCP_SERVER_IDS)
    result = score(folder, checks, options, 1.0)
    assert result.tracks["tcp"]["score"] == sum(c.points for c in rubric.checks("tcp", "server"))  # scored as passed
    text = flat(plain(lambda console: render(result, console, "en"), width=200))
    assert say("report.unstable.mark", "en") in text
    assert flat(say("report.unstable", "en", failed=1, runs=2)) in text
    assert flat(say("report.unstable.hint", "en")) in text
    assert "dictionary changed size during iteration" in text and "Аня: Всем привет!" in text
    assert say("report.all_passed", "en") not in text
    document = to_gradescope(result, "en")
    assert document["extra_data"]["unstable"] == [checks[5].id]
    assert [t for t in document["tests"] if "unstable" in t["tags"]][0]["score"] == rubric.BY_ID[checks[5].id].points
    row = classify(Row("anya", folder, result=result))
    assert say("batch.unstable", "en", numbers="1.6") in row.note


RACE_EVERY_TIME = '''
"""A server that echoes every line to its sender too (a definite bug, seen at once), and
whose join log walks a dict it adds to: the race's RuntimeError in its stderr, every time."""
import socket
import threading

from chatkit.protocol import PROMPT, chat_line, welcome

users = {}
log = {}


def note(name):
    log[name] = True
    for key in log:   # the walk changes the dict: RuntimeError at the next step
        log[key + "!"] = True


def serve(sock):
    reader = sock.makefile("r", encoding="utf-8")
    sock.sendall(PROMPT.encode("utf-8"))
    name = reader.readline().strip()
    users[sock] = name
    sock.sendall((welcome(name) + "\\n").encode("utf-8"))
    threading.Thread(target=note, args=(name,)).start()
    for line in reader:
        for other in list(users):
            other.sendall((chat_line(name, line.strip()) + "\\n").encode("utf-8"))


def main(host, port):
    listener = socket.socket()
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind((host, port))
    listener.listen(16)
    while True:
        sock, _ = listener.accept()
        threading.Thread(target=serve, args=(sock,), daemon=True).start()
'''


def test_a_failure_that_shows_a_race_runs_again_and_fails_every_time(tmp_path, monkeypatch):
    """Real workers: the check runs 1 + CONFIRM_RUNS times, fails every time, and is failed
    with the report's sentence; a check that passed ran once. Two runs again at a time here:
    the third waits for a free slot."""
    monkeypatch.setattr(limits, "CONFIRMERS", 2)
    folder = tmp_path / "racy"
    folder.mkdir()
    (folder / "tcp_server.py").write_text(textwrap.dedent(RACE_EVERY_TIME), encoding="utf-8")
    ids = ("tcp.server.welcome", "tcp.server.no_echo")
    result = grade(folder, Options(lang="en", only="tcp", checks=ids))
    records = result.by_id()
    assert records["tcp.server.welcome"].status == "passed" and not records["tcp.server.welcome"].runs
    notice = records["tcp.server.no_echo"]
    assert notice.status == "failed" and not notice.unstable, notice.reason
    assert notice.runs == 1 + limits.CONFIRM_RUNS
    text = flat(plain(lambda console: render(result, console, "en"), width=200))
    assert say("report.unstable.every_run", "en", runs=1 + limits.CONFIRM_RUNS) in text


class GrowingStream:
    """A user's stream that receives something at each of its first `grows` looks."""

    def __init__(self, grows):
        self.grows, self.looks = grows, 0

    @property
    def size(self):
        self.looks += 1
        return min(self.looks, self.grows)


def test_a_calm_chat_waits_until_the_server_is_quiet_and_a_normal_one_never_waits():
    from types import SimpleNamespace
    from grader.chat.scenarios import Chat
    chat = Chat(SimpleNamespace(crashed=lambda: None, settled=lambda: False), ("127.0.0.1", 0), "tcp")
    stream = GrowingStream(grows=3)
    chat.users = [SimpleNamespace(stream=stream)]
    chat.calm_down()
    assert stream.looks == 0          # not a calm run: no wait at all
    chat.calm = True
    chat.calm_down()
    assert stream.looks == 4          # grew at looks 1-3, unchanged at the 4th: quiet
