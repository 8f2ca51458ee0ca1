"""Step mode: milestones in order, stopping at the first that fails with its goal, its
transcript and its level-1 hint; TCP and UDP, Russian and English."""
import os
import shutil
import subprocess
import sys
from pathlib import Path

from chatkit import protocol
from grader.engine import rubric
from grader.engine.steps import MILESTONES
from grader.messages import say

KIT = Path(__file__).resolve().parents[1]
CORPUS = KIT / "tests" / "corpus"
WIDE = dict(os.environ, COLUMNS="300")   # one hint, one line: the report wraps at the width


def run_step(folder, *args):
    done = subprocess.run([sys.executable, "-m", "grader", str(folder), "--step", *args], cwd=KIT,
                          env=WIDE, capture_output=True, text=True, encoding="utf-8", timeout=400)
    return done.returncode, done.stdout + done.stderr


def copy_of(tmp_path, name):
    folder = tmp_path / name
    shutil.copytree(CORPUS / name, folder, ignore=shutil.ignore_patterns("expect.json"))
    return folder


def line_of(milestone, lang, mark):
    return f"{mark} " + say("step.line", lang, track=milestone.track.upper(), number=milestone.number,
                            count=len(MILESTONES[milestone.track]), title=say(milestone.key + ".title", lang))


def test_the_milestones_cover_each_default_check_once_in_a_students_order():
    for track, steps in MILESTONES.items():
        assert [step.number for step in steps] == [1, 2, 3, 4, 5, 6]
        assert sorted(c for step in steps for c in step.checks) == sorted(c.id for c in rubric.checks(track))
        assert all(rubric.BY_ID[c].role == "client" for c in steps[-1].checks)


def test_a_tcp_server_that_echoes_stops_at_step_three_with_goal_transcript_and_first_hint(tmp_path):
    folder = copy_of(tmp_path, "tcp_server_echo")
    code, text = run_step(folder)
    assert code == 0, text
    tcp = MILESTONES["tcp"]
    assert line_of(tcp[0], "ru", "✓") in text and line_of(tcp[1], "ru", "✓") in text
    assert line_of(tcp[2], "ru", "✗") in text
    assert line_of(tcp[3], "ru", "✓") not in text and line_of(tcp[3], "ru", "✗") not in text   # it stopped
    assert say("step.goal", "ru", goal=say(tcp[2].key + ".goal", "ru")) in text
    assert "Меня слышно?" in text                                  # the transcript of the failing check
    entry = rubric.BY_ID["tcp.server.no_echo"]
    assert entry.hint("ru", 1) in text and entry.hint("ru", 2) not in text


def test_a_udp_server_without_a_leave_notice_stops_at_step_five_in_english(tmp_path):
    folder = copy_of(tmp_path, "udp_server_no_leave_notice")
    code, text = run_step(folder, "--lang", "en")
    assert code == 0, text
    udp = MILESTONES["udp"]
    for milestone in udp[:4]:
        assert line_of(milestone, "en", "✓") in text
    assert line_of(udp[4], "en", "✗") in text
    assert say("step.goal", "en", goal=say(udp[4].key + ".goal", "en")) in text
    assert protocol.left("Вика") in text
    assert rubric.BY_ID["udp.server.leave_notice"].hint("en", 1) in text


def test_the_reference_udp_track_passes_every_milestone(tmp_path):
    code, text = run_step(KIT / "solutions", "--only", "udp", "--lang", "en")
    assert code == 0, text
    for milestone in MILESTONES["udp"]:
        assert line_of(milestone, "en", "✓") in text
    assert say("step.all_passed", "en") in text
