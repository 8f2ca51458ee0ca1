"""The report as Windows and odd consoles get it (issue 21, item 1), simulated on Linux.

Windows writes a pipe or a file (Git Bash's mintty, an IDE's output pane, `> report.txt`) in
its ANSI code page: the grader switches such output to UTF-8 there, and where a console's
encoding truly has no ✓ and ✗ (PYTHONIOENCODING=cp1251 or cp1252, chosen by the user), the
score table's status cells are ASCII marks that still tell a pass from a failure.
"""
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from grader.__main__ import wants_utf8
from grader.engine import rubric
from grader.messages import say
from grader.report import terminal

KIT = Path(__file__).resolve().parents[1]
ECHO = KIT / "tests" / "corpus" / "udp_server_echo"    # UDP: passes most checks, fails one
ROW = re.compile(r"^\|\s*(\d+\.\d+)\s*\|\s*(\S+)\s*\|", re.M)


def test_windows_output_to_a_pipe_is_switched_to_utf8_and_a_console_is_not():
    read, write = os.pipe()
    try:
        pipe = io.TextIOWrapper(io.FileIO(write, "w", closefd=False), encoding="cp1252")
        assert wants_utf8(pipe, windows=True, environ={})
        assert not wants_utf8(pipe, windows=True, environ={"PYTHONIOENCODING": "cp1251"})  # the user's choice
        assert not wants_utf8(pipe, windows=False, environ={})                            # the locale's choice
        utf8 = io.TextIOWrapper(io.FileIO(write, "w", closefd=False), encoding="utf-8")
        assert not wants_utf8(utf8, windows=True, environ={})
    finally:
        os.close(read)
        os.close(write)

    class Console(io.StringIO):
        encoding = "cp1251"

        def isatty(self):
            return True

    assert not wants_utf8(Console(), windows=True, environ={})   # Python writes Unicode to a console


@pytest.mark.parametrize("encoding", ["cp1251", "cp1252", "ascii"])
def test_a_console_without_the_marks_still_tells_pass_from_fail(encoding, tmp_path):
    out = tmp_path / "results.json"
    done = subprocess.run([sys.executable, "-m", "grader", str(ECHO), "--only", "udp", "--json", str(out)],
                          cwd=KIT, env={**os.environ, "PYTHONIOENCODING": encoding, "PYTHONUTF8": "0"},
                          capture_output=True, timeout=180)
    text = done.stdout.decode(encoding)   # what the console shows: it must decode as its own encoding
    assert done.returncode == 0, done.stderr.decode(encoding, "replace")[-3000:]
    assert b"UnicodeEncodeError" not in done.stderr
    results = json.loads(out.read_text(encoding="utf-8"))
    failed = {terminal.number_of(check) for check in json.loads((ECHO / "expect.json").read_text(encoding="utf-8"))["fail"]}
    cells = dict(ROW.findall(text))
    assert cells, text[-3000:]
    fail_marks = {cells[number] for number in failed if number in cells}
    pass_marks = {mark for number, mark in cells.items() if number not in failed}
    assert fail_marks and pass_marks and not fail_marks & pass_marks, cells
    assert "?" not in fail_marks | pass_marks, cells
    final = say("report.final", "ru", score=results["score"])
    if encoding == "cp1251":
        assert final in text                 # the Russian report, readable
    else:
        assert final.encode(encoding, "replace").decode(encoding) in text   # one «?» a letter, figures kept


def test_marks_follow_what_the_console_can_encode():
    class Console:
        def __init__(self, encoding, legacy_windows=False):
            self.encoding = encoding
            self.legacy_windows = legacy_windows

    assert terminal.marks_for(Console("utf-8")) is terminal.MARK
    assert terminal.marks_for(Console("utf-8", legacy_windows=True)) is terminal.ASCII_MARK   # conhost's fonts
    for encoding in ("cp1251", "cp1252", "ascii"):
        marks = terminal.marks_for(Console(encoding))
        assert marks["passed"] != marks["failed"]
        "".join(marks.values()).encode(encoding)
