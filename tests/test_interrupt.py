"""Ctrl+C and timeouts: a grading ends soon and leaves nothing behind (issue 19).

Ctrl+C is SIGINT to the grader's process group, as a terminal sends it, in the middle of a
grading (a check running: a copy of the submission exists) and of a batch (one row done, the
next running). Afterwards no process of the grading is left and its temporary folder is
empty, in the default mode and in the portable one (what Windows takes). A check that runs
past its bound costs that check only, on both paths.
"""
import csv
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from grader.engine.runner import Options, grade
from grader.messages import say

KIT = Path(__file__).resolve().parents[1]
CORPUS = KIT / "tests" / "corpus"
SILENT = CORPUS / "lenient_prints_only"     # a server that answers nothing: every check waits
MODES = ["default", "portable"]


def environment(tmp, mode, **extra):
    env = dict(os.environ, TMPDIR=str(tmp), **extra)
    env.pop("CHATKIT_PLATFORM", None)
    if mode == "portable":
        env["CHATKIT_PLATFORM"] = "portable"
    return env


def start(args, tmp, mode):
    """`python -m grader ARGS` in a process group of its own, Ctrl+C not ignored."""
    return subprocess.Popen([sys.executable, "-m", "grader", *map(str, args)], cwd=KIT,
                            env=environment(tmp, mode), stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            start_new_session=True,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))


def wait_for(condition, timeout, what):
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"never happened within {timeout} s: {what}")
        time.sleep(0.05)


def copies(tmp):
    """The students' copies of the submission (in a worker's own temporary folder)."""
    return list(Path(tmp).glob("chatkit-run-*")) + list(Path(tmp).glob("chatkit-worker-*/tmp/chatkit-run-*"))


def processes_of(tmp):
    """Processes whose environment names this test's temporary folder (the grader's, its
    workers', and the students', whose TMPDIR is their copy inside it)."""
    found = []
    for environ in Path("/proc").glob("[0-9]*/environ"):
        try:
            if f"TMPDIR={tmp}".encode() in environ.read_bytes():
                found.append(int(environ.parent.name))
        except OSError:
            pass
    return found


def interrupt(proc, tmp):
    os.killpg(proc.pid, signal.SIGINT)
    output, _ = proc.communicate(timeout=30)
    text = output.decode("utf-8", "replace")
    wait_for(lambda: not processes_of(tmp), 5, f"every process gone: {processes_of(tmp)}")
    assert "Traceback" not in text, text
    assert list(Path(tmp).iterdir()) == [], f"left in the temporary folder: {list(Path(tmp).iterdir())}"
    return proc.returncode, text


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc to find what is left")
@pytest.mark.parametrize("mode", MODES)
def test_ctrl_c_in_the_middle_of_a_grading_leaves_no_process_and_no_temporary_folder(tmp_path, mode):
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    proc = start([SILENT, "--lang", "en"], tmp, mode)
    wait_for(lambda: copies(tmp), 60, "a check started the student's server")
    code, text = interrupt(proc, tmp)
    assert code == 130
    assert say("cli.interrupted", "en") in text


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc to find what is left")
@pytest.mark.parametrize("mode", MODES)
def test_ctrl_c_in_a_batch_writes_the_finished_rows_and_says_how_to_resume(tmp_path, mode):
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    submissions = tmp_path / "class"
    shutil.copytree(KIT / "solutions", submissions / "a_done", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(SILENT, submissions / "b_running", ignore=shutil.ignore_patterns("expect.json"))
    shutil.copytree(SILENT, submissions / "c_not_begun", ignore=shutil.ignore_patterns("expect.json"))
    cache = tmp_path / "cache"
    out = tmp_path / "out"
    proc = start(["batch", submissions, "--jobs", "1", "--cache-dir", cache, "--csv", out / "grades.csv",
                  "--feedback-dir", out / "feedback", "--lang", "en"], tmp, mode)
    # a_done is in the cache, b_running has a check running
    wait_for(lambda: cache.is_dir() and any(cache.iterdir()) and copies(tmp), 120, "one row done, the next running")
    code, text = interrupt(proc, tmp)
    assert code == 130
    rows = list(csv.DictReader((out / "grades.csv").read_text(encoding="utf-8-sig").splitlines()))
    assert [(row["student"], row["score"]) for row in rows] == [("a_done", "100")]
    assert (out / "feedback" / "a_done.md").is_file()
    assert say("batch.interrupted", "en", done=1, total=3) in " ".join(text.split())


@pytest.mark.parametrize("mode", MODES)
def test_a_check_that_overruns_its_bound_costs_only_that_check_on_every_path(tmp_path, mode, monkeypatch):
    """A correct server that waits 2.6 s before every prompt, with checks bounded at 3 s:
    the checks that join several users run out of time, and only they fail; the portable
    path (no SIGALRM, where a timeout used to end the whole worker) grades it the same."""
    folder = tmp_path / "slow_prompt"
    shutil.copytree(KIT / "solutions", folder, ignore=shutil.ignore_patterns("__pycache__"))
    server = folder / "tcp_server.py"
    source = server.read_text(encoding="utf-8")
    assert "        client_socket.sendall(encode_line(PROMPT))" in source
    server.write_text(source.replace("        client_socket.sendall(encode_line(PROMPT))",
                                     "        __import__('time').sleep(2.6)\n"
                                     "        client_socket.sendall(encode_line(PROMPT))"), encoding="utf-8")
    monkeypatch.setenv("CHATKIT_CHECK_TIMEOUT", "3")
    if mode == "portable":
        monkeypatch.setenv("CHATKIT_PLATFORM", "portable")
    else:
        monkeypatch.delenv("CHATKIT_PLATFORM", raising=False)
    result = grade(folder, Options(lang="en", only="tcp"))
    by_status = {}
    for record in result.checks:
        by_status.setdefault(record.status, []).append(record.id)
    assert not result.grader_fault, json.dumps(by_status)
    timed_out = [r.id for r in result.checks if r.reason == "timeout"]
    assert timed_out, "no check ran past 3 s"
    assert set(by_status.get("failed", [])) == set(timed_out)
    assert {"tcp.client.sends", "tcp.client.shows", "tcp.server.static"} <= set(by_status["passed"])
