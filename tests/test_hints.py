"""Graduated hints: three levels per check, remembered per check in the submission folder,
moving on only when the same check fails again on changed code."""
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from grader.engine import hints as memory
from grader.engine import rubric
from grader.engine.outcome import Outcome
from grader.messages import say

KIT = Path(__file__).resolve().parents[1]
ECHO = KIT / "tests" / "corpus" / "tcp_server_echo"     # fails tcp.server.no_echo and nothing else
WIDE = dict(os.environ, COLUMNS="300")   # one hint, one line: the report wraps at the width
CYRILLIC = re.compile("[а-яё]", re.IGNORECASE)


def run_grader(*args):
    done = subprocess.run([sys.executable, "-m", "grader", *map(str, args)], cwd=KIT,
                          env=WIDE, capture_output=True, text=True, encoding="utf-8", timeout=240)
    return done.returncode, done.stdout + done.stderr


def echo_copy(tmp_path):
    folder = tmp_path / "echo"
    folder.mkdir()
    shutil.copy(ECHO / "tcp_server.py", folder / "tcp_server.py")
    return folder


def hint_line(level, check_id, lang="en"):
    entry = rubric.BY_ID[check_id]
    label = say("hints.level", lang, level=level, levels=len(entry.hints), kind=say(f"hints.kind.{level}", lang))
    return f"{label}: {entry.hint(lang, level)}"


# --- the rubric's levels ------------------------------------------------------------------

@pytest.mark.parametrize("entry", rubric.CHECKS, ids=lambda entry: entry.id)
def test_every_check_has_three_levels_in_both_languages_and_none_is_a_whole_solution(entry):
    assert len(entry.hints) == 3
    for level in (1, 2, 3):
        ru, en = entry.hint("ru", level), entry.hint("en", level)
        assert ru and en and CYRILLIC.search(ru), (entry.id, level)
        # One line of prose each: no code block, nothing long enough to be the solution.
        for text in (ru, en):
            assert "\n" not in text and len(text) <= 260, (entry.id, level, len(text))
    assert len({entry.hint("en", level) for level in (1, 2, 3)}) == 3
    assert entry.hint("ru") == entry.hint("ru", 1)


def test_check_numbers_and_ids_both_find_a_check():
    from grader.report.terminal import number_of

    for entry in rubric.CHECKS:
        assert memory.find_check(number_of(entry.id)) is entry
        assert memory.find_check(entry.id) is entry
    for bad in ("9.1", "1.99", "1", "x.y", ""):
        assert memory.find_check(bad) is None


# --- the memory ----------------------------------------------------------------------------

def test_the_level_moves_only_when_the_same_check_fails_again_on_changed_code(tmp_path):
    book = memory.HintBook(tmp_path)
    assert book.failed("tcp.server.no_echo", "code-a") == 1    # the first failure: the concept
    assert book.failed("tcp.server.no_echo", "code-a") == 1    # the same code again: the same level
    assert book.failed("tcp.server.no_echo", "code-b") == 2    # changed code, still failing: the API
    assert book.failed("tcp.server.no_echo", "code-b") == 2
    assert book.failed("tcp.server.no_echo", "code-c") == 3
    assert book.failed("tcp.server.no_echo", "code-d") == 3    # there is no fourth level
    assert book.failed("tcp.server.prompt", "code-d") == 1     # every check keeps its own level
    assert book.deepest() == {"tcp.server.no_echo": 3, "tcp.server.prompt": 1}


def test_the_memory_survives_a_save_and_ignores_a_broken_file(tmp_path):
    book = memory.HintBook(tmp_path)
    book.failed("udp.server.no_echo", "x")
    book.ask("udp.server.no_echo", "x")
    assert book.save()
    state = tmp_path / ".chatkit"
    assert (state / ".gitignore").read_text(encoding="utf-8").splitlines()[-1] == "*"
    again = memory.HintBook.load(tmp_path)
    assert again.level("udp.server.no_echo") == 2 and again.deepest() == {"udp.server.no_echo": 2}
    (state / "hints.json").write_text("{not json", encoding="utf-8")
    assert memory.HintBook.load(tmp_path).deepest() == {}
    (state / "hints.json").write_text(json.dumps({"checks": {"no.such.check": {"level": 2},
                                                             "tcp.server.welcome": {"level": 9}}}), encoding="utf-8")
    assert memory.HintBook.load(tmp_path).deepest() == {"tcp.server.welcome": 3}


def test_a_start_failure_a_skip_and_a_grader_fault_teach_nothing():
    assert memory.counts_as_failure(Outcome("tcp.server.prompt", "failed"))
    assert not memory.counts_as_failure(Outcome("tcp.server.prompt", "failed", start_failed=True))
    assert not memory.counts_as_failure(Outcome("tcp.server.prompt", "skipped"))
    assert not memory.counts_as_failure(Outcome("tcp.server.prompt", "error"))


def test_grading_neither_copies_nor_hashes_the_memory(tmp_path):
    from grader.sandbox.workdir import copy_submission
    from grader.tools.batch.grading import content_hash

    folder = echo_copy(tmp_path)
    before = content_hash(folder)
    book = memory.HintBook(folder)
    book.failed("tcp.server.no_echo", "x")
    assert book.save()
    assert content_hash(folder) == before
    copy = copy_submission(folder)
    try:
        assert not (copy / ".chatkit").exists() and (copy / "tcp_server.py").is_file()
    finally:
        shutil.rmtree(copy, ignore_errors=True)


def test_the_kits_own_git_ignores_the_memory():
    done = subprocess.run(["git", "check-ignore", "-q", "lab/.chatkit/hints.json"], cwd=KIT)
    assert done.returncode == 0


# --- end to end ----------------------------------------------------------------------------

def test_the_report_shows_level_one_then_the_next_after_a_change_and_records_the_deepest(tmp_path):
    folder = echo_copy(tmp_path)
    out = tmp_path / "results.json"
    code, text = run_grader(folder, "--only", "tcp", "--lang", "en", "--json", out)
    assert code == 0, text
    assert hint_line(1, "tcp.server.no_echo") in text
    assert say("hints.more", "en", number="1.8") in text
    document = json.loads(out.read_text(encoding="utf-8"))
    assert document["extra_data"]["hints"] == {"tcp.server.no_echo": 1}

    code, text = run_grader(folder, "--only", "tcp", "--lang", "en")     # the same code: the same level
    assert hint_line(1, "tcp.server.no_echo") in text and hint_line(2, "tcp.server.no_echo") not in text

    source = folder / "tcp_server.py"
    source.write_text(source.read_text(encoding="utf-8") + "\n# tried something\n", encoding="utf-8")
    code, text = run_grader(folder, "--only", "tcp", "--lang", "en", "--json", out)
    assert hint_line(2, "tcp.server.no_echo") in text and hint_line(1, "tcp.server.no_echo") not in text
    document = json.loads(out.read_text(encoding="utf-8"))
    assert document["extra_data"]["hints"] == {"tcp.server.no_echo": 2}
    assert document["score"] == 66   # the memory changes no score


def test_the_hint_command_shows_the_next_level_and_remembers_it(tmp_path):
    folder = echo_copy(tmp_path)
    code, text = run_grader("hint", "1.8", folder, "--lang", "en")
    assert code == 0, text
    assert hint_line(1, "tcp.server.no_echo") in text and hint_line(2, "tcp.server.no_echo") not in text
    code, text = run_grader("hint", "tcp.server.no_echo", folder)
    assert hint_line(1, "tcp.server.no_echo", "ru") in text and hint_line(2, "tcp.server.no_echo", "ru") in text
    run_grader("hint", "1.8", folder)
    code, text = run_grader("hint", "1.8", folder, "--lang", "en")
    assert hint_line(3, "tcp.server.no_echo") in text and say("hints.last", "en") in text
    assert memory.HintBook.load(folder).deepest() == {"tcp.server.no_echo": 3}


def test_the_hint_command_names_a_bad_number_in_one_sentence(tmp_path):
    code, text = run_grader("hint", "7.7", echo_copy(tmp_path))
    assert code == 2 and text.strip() == say("hints.unknown", "ru", number="7.7")


def test_the_gradebook_adds_up_the_levels_each_student_reached_and_writes_no_memory(tmp_path):
    import csv

    submissions = tmp_path / "submissions"
    helped, alone = submissions / "helped", submissions / "alone"
    for folder in (helped, alone):
        folder.mkdir(parents=True)
        shutil.copy(ECHO / "tcp_server.py", folder / "tcp_server.py")
    book = memory.HintBook(helped)
    book.failed("tcp.server.no_echo", "a")
    book.failed("tcp.server.no_echo", "b")                 # level 2
    book.failed("tcp.server.prompt", "a")                  # level 1
    assert book.save()
    out = tmp_path / "grades.csv"
    code, text = run_grader("batch", submissions, "--csv", out, "--jobs", "2")
    assert code == 0, text
    with open(out, encoding="utf-8-sig", newline="") as handle:
        rows = {row["student"]: row for row in csv.DictReader(handle, delimiter=";")}   # Russian Excel's separator
    assert rows["helped"]["hints"] == "3" and rows["alone"]["hints"] == "0"
    assert rows["helped"]["score"] == rows["alone"]["score"] == "66"
    assert not (alone / ".chatkit").exists(), "batch reads the memory and never writes it"
