"""The student's loop (issue 23): what a student reads run after run, and the kit they get."""
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from grader.engine.outcome import Outcome
from grader.engine.remarks import remarks_of
from grader.engine.shapes import entry_of
from grader.messages import say
from grader.sandbox.constants import MARK_REDIRECT, MARK_SHAPE

KIT = Path(__file__).resolve().parents[1]
CORPUS = KIT / "tests" / "corpus"


def run_grader(*args, cwd=KIT):
    done = subprocess.run([sys.executable, "-m", "grader", *map(str, args)], cwd=cwd,
                          capture_output=True, text=True, timeout=180)
    return done.returncode, done.stdout + done.stderr


# 4. main() without arguments under the kit's __main__ block: one rule with the lecture's.

KIT_BLOCK = ("def main():\n    pass\n\nif __name__ == '__main__':\n"
             "    from chatkit.cli import run_by_hand\n    run_by_hand(main, 'server')\n")


def test_main_without_arguments_under_the_kits_block_is_called_as_main():
    entry = entry_of(KIT_BLOCK)
    assert (entry.shape, entry.label) == ("main()", "main()")
    assert entry.spec["how"] == "call" and not entry.spec.get("positional")


def test_a_hard_coded_port_earns_the_remark_for_it_in_both_shapes():
    for shape, label in (("main()", "main()"), ("script", "main()")):
        record = Outcome("tcp.server.prompt", "passed", outputs=[{"module": "tcp_server.py", "launch": {
            "file": "tcp_server.py", "shape": shape, "label": label,
            "marks": [MARK_SHAPE + "call", MARK_REDIRECT + "bind:0.0.0.0:5000"]}}])
        assert ("launch.ignores_port", {"file": "tcp_server.py", "port": "5000"}) in remarks_of(None, [record])


def test_a_module_with_no_entry_is_never_said_to_run_as_none():
    record = Outcome("tcp.server.prompt", "passed", outputs=[{"module": "tcp_server.py", "launch": {
        "file": "tcp_server.py", "shape": "none", "label": "", "marks": []}}])
    assert not [key for key, _ in remarks_of(None, [record]) if key == "launch.shape"]


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_a_finished_chat_with_main_without_arguments_scores_full_marks(lang):
    code, text = run_grader(CORPUS / "shape_kit_block_main_noargs", "--lang", lang)
    assert code == 0, text
    assert say("report.final", lang, score=100) in text
    assert say("launch.ignores_port", lang, file="tcp_server.py", port="5000").split(";")[0] in " ".join(text.split())


# 1. Known-bad code hears more than praise; 5. at most 3 lines before the table.

def lines_before_the_table(text):
    lines = text.splitlines()
    return lines[:next(i for i, line in enumerate(lines) if line.startswith("┏"))]


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_the_lectures_default_report_names_strict_and_what_it_finds_without_changing_the_grade(lang, tmp_path):
    out = tmp_path / "results.json"
    code, text = run_grader(KIT / "docs" / "lecture", "--lang", lang, "--json", out)
    assert code == 0, text
    assert say("report.final", lang, score=100) in text
    flat = " ".join(text.split())
    assert "python -m grader --strict" in flat
    assert say("report.strict_probe.what", lang) in flat
    assert json.loads(out.read_text(encoding="utf-8"))["score"] == 100
    assert len(lines_before_the_table(text)) <= 3, text


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_a_passing_report_names_strict_and_shows_no_protection_paragraph_by_default(lang, tmp_path):
    out = tmp_path / "results.json"
    code, text = run_grader(KIT / "solutions", "--lang", lang, "--json", out)
    assert code == 0, text
    flat = " ".join(text.split())
    assert " ".join(say("report.strict_hint", lang).split()) in flat
    assert say("report.strict_probe.what", lang) not in flat
    protection = json.loads(out.read_text(encoding="utf-8"))["extra_data"]["protection"]
    assert protection and protection[:40] not in flat
    assert len(lines_before_the_table(text)) <= 3, text
    code, verbose = run_grader(KIT / "solutions", "--lang", lang, "-v")
    assert protection[:40] in " ".join(verbose.split())


def test_feedback_for_a_student_names_no_path_of_the_grading_machine(tmp_path):
    from grader.engine.runner import Options, grade
    from grader.report.gradescope import to_gradescope
    folder = tmp_path / "anna"
    folder.mkdir()
    (folder / "tcp_server.py").write_text(
        "import socket\nimport threading\n\n\ndef handle_client(sock):\n    raise ValueError('oops')\n\n\n"
        "def main(host, port):\n    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)\n"
        "    server.bind((host, port))\n    server.listen()\n    while True:\n"
        "        threading.Thread(target=handle_client, args=(server.accept()[0],)).start()\n", encoding="utf-8")
    result = grade(folder, Options(only="tcp", checks=("tcp.server.prompt",), workers=1))
    document = to_gradescope(result, "ru")
    output = document["output"] + "".join(test.get("output", "") for test in document["tests"])
    assert "Traceback" in output, "the corpus folder's server prints a traceback"
    for local in (str(tmp_path), sys.base_prefix, sys.prefix, "chatkit-run-"):
        assert local not in output, local
    assert "anna" in document["output"] and 'File "tcp_server.py", line 6' in output


def test_the_kits_own_files_in_a_students_traceback_are_named_as_the_kits():
    """The child runs copies of the kit's files (launch.py, the chatkit/ a submission imports)
    from a temporary folder of their own (grader/sandbox/runtime.py): the report names them by
    their place in the kit, <kit>/grader/sandbox/launch.py and <kit>/chatkit/protocol.py, never
    by the grading machine's temporary folder (tests/test_same_report.py: the launcher alone)."""
    from grader.report.terminal import without_local_paths
    from grader.sandbox import runtime
    launch, protocol = runtime.runtime_dir() / "launch.py", runtime.kit() / "chatkit" / "protocol.py"
    trace = f'  File "{launch}", line 293, in run\n  File "{protocol}", line 9, in welcome\n'
    shown = without_local_paths(trace)
    assert shown == '  File "<kit>/grader/sandbox/launch.py", line 293, in run\n' \
                    f'  File "<kit>{os.sep}chatkit{os.sep}protocol.py", line 9, in welcome\n', shown


def test_assignment_md_and_the_rubric_agree_the_lock_and_framing_are_advice_seen_by_strict():
    from grader.engine import rubric
    text = (KIT / "assignment.md").read_text(encoding="utf-8")
    paragraphs = text.split("\n- ")
    lock = [p for p in paragraphs if "(`threading.Lock`)" in p]
    assert len(lock) == 2 and all("--strict" in p for p in lock), "ru and en: the lock is advice, seen by --strict"
    assert not [c for c in rubric.checks("tcp") if "Lock" in c.text("ru") or "recv(1024)" in c.text("ru")]
    framing = {c.id for c in rubric.checks("tcp", tier="strict")}
    from grader.engine.strict_probe import CHEAP
    assert set(CHEAP) <= framing


# 2. Hints rise only when earned; step mode and the full run share one memory.

def level_label(level, lang="ru"):
    return say("hints.level", lang, level=level, levels=3, kind=say(f"hints.kind.{level}", lang))


def hint_memory(folder):
    path = folder / ".chatkit" / "hints.json"
    return json.loads(path.read_text(encoding="utf-8"))["checks"] if path.exists() else {}


def test_the_level_rises_only_after_it_was_shown_the_code_changed_and_the_check_failed_again(tmp_path):
    from grader.engine.hints import HintBook
    book = HintBook(tmp_path)
    assert book.failed("tcp.server.no_echo", "a") == 1       # first failure: level 1 shown
    assert book.failed("tcp.server.no_echo", "a") == 1       # same code: the same level again
    assert book.failed("tcp.server.no_echo", "b") == 2       # shown, changed, failed again
    assert book.level("tcp.server.prompt") == 0              # another check spent nothing


@pytest.mark.timeout(600)   # five gradings in a row: 120 s, the hang guard for one, ran out at load 40
def test_step_mode_and_the_full_run_share_one_memory_and_a_syntax_error_spends_nothing(tmp_path):
    folder = tmp_path / "chat"
    shutil.copytree(CORPUS / "tcp_server_echo", folder, ignore=shutil.ignore_patterns(".chatkit", "expect.json"))
    server = folder / "tcp_server.py"
    code, text = run_grader(folder, "--step")
    assert level_label(1) in text and hint_memory(folder)["tcp.server.no_echo"]["level"] == 1, text
    code, text = run_grader(folder)                          # same code: level 1 again
    assert level_label(1) in text and level_label(2) not in text
    source = server.read_text(encoding="utf-8")
    server.write_text(source + "\ndef broken(:\n", encoding="utf-8")
    code, text = run_grader(folder)                          # a start failure spends nothing
    assert code == 0 and "SyntaxError" in text and level_label(2) not in text, text
    assert hint_memory(folder)["tcp.server.no_echo"]["level"] == 1
    assert "tcp.server.static" not in hint_memory(folder)
    server.write_text(source + "\n# tried something\n", encoding="utf-8")
    code, text = run_grader(folder)                          # changed and failed again: level 2
    assert level_label(2) in text, text
    code, text = run_grader(folder, "--step")                # the step mode shows the same level
    assert level_label(2) in text and level_label(1) not in text, text


# 8. Small words.

@pytest.mark.parametrize("lang", ["ru", "en"])
def test_a_failed_static_check_reads_as_a_failure(lang):
    code, text = run_grader(CORPUS / "tcp_client_no_thread", "--lang", lang)
    missing = say("checks.static_not_found", lang, item=say("facts.receiving_thread", lang))
    assert missing in " ".join(text.split()), text


# 6. The closing summary names the failed checks; alike lines are folded with a count.

@pytest.mark.parametrize("lang", ["ru", "en"])
def test_the_closing_summary_names_the_failed_checks(lang):
    from grader.report.terminal import number_of
    expect = json.loads((CORPUS / "tcp_server_echo" / "expect.json").read_text(encoding="utf-8"))
    numbers = ", ".join(sorted((number_of(i) for i in expect["fail"]), key=lambda n: [int(p) for p in n.split(".")]))
    code, text = run_grader(CORPUS / "tcp_server_echo", "--lang", lang)
    summary = text[text.rindex("╰"):]
    assert " ".join(say("report.failed_list", lang, numbers=numbers).split()) in " ".join(summary.split()), summary


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_a_hundred_and_fifty_alike_lines_of_a_transcript_fold_into_one_and_a_count(lang):
    from grader.report.terminal import folded_output, transcript_lines
    events = [[0.1, "Аня", "recv", "Аня: привет"]]
    events += [[1 + n / 1000, "Аня", "recv", f"Прохожий-{n} присоединился к чату."] for n in range(150)]
    events += [[5.0, "Аня", "expect-missing", "Боря: Два 02"]]
    lines = [line for _, line in transcript_lines(Outcome("tcp.server.broadcast_3", "failed", events=events, actors=[["Аня", "chat.role.user"]]), lang)]
    assert len(lines) == 5, lines
    assert say("report.folded", lang, count=149, last="1.149") in lines[3]
    assert "Боря: Два 02" in lines[4] and "Аня: привет" in lines[1]
    output = "start\n" + "\n".join(f"error {n}" for n in range(50)) + "\nend"
    assert folded_output(output).splitlines() == ["start", "error 0", "  … ×49", "end"]


# 3. python -m grader handout DIR: the students' kit, without the reference.

def test_the_handout_holds_the_kit_and_none_of_the_reference_and_its_own_tests_pass(tmp_path):
    from grader.engine.facts import read_facts
    from grader.tools.handout import leaks, reference_lines
    kit = tmp_path / "students"
    code, text = run_grader("handout", kit)
    assert code == 0, text
    assert (kit / "lab" / "tcp_server.py").is_file() and (kit / "grader" / "__main__.py").is_file()
    assert (kit / "assignment.md").is_file() and (kit / "chatkit" / "protocol.py").is_file()
    assert not (kit / "solutions").exists() and not (kit / "tests" / "corpus").exists()
    assert all(read_facts(kit / "lab" / name).not_started for name in ("tcp_server.py", "tcp_client.py", "udp_server.py", "udp_client.py"))
    readme = (kit / "README.md").read_text(encoding="utf-8")
    first = next(line.strip() for line in readme.splitlines() if line.startswith("    "))
    assert first.endswith("python -m grader"), first        # its first command grades lab/
    assert "solutions" not in (kit / "pyproject.toml").read_text(encoding="utf-8")
    own = reference_lines()
    assert own and leaks(kit) == []
    for path in kit.rglob("*"):
        if path.is_file() and path.suffix in (".py", ".md", ".toml"):
            text = path.read_text(encoding="utf-8")
            assert not [line for line in text.splitlines() if len(line.strip()) >= 40 and line.strip() in own], path
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests"], cwd=kit,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_the_handout_refuses_a_folder_in_use_and_a_copy_that_would_leak(tmp_path, lang):
    from grader.tools.handout import build, leaks
    (tmp_path / "used").mkdir()
    (tmp_path / "used" / "notes.txt").write_text("mine", encoding="utf-8")
    code, text = run_grader("handout", tmp_path / "used", "--lang", lang)
    assert code == 2 and say("handout.not_empty", lang, path=tmp_path / "used") in text
    kit = build(tmp_path / "kit")
    shutil.copy(KIT / "solutions" / "tcp_server.py", kit / "lab" / "my_server.py")
    assert [file for file, _ in leaks(kit)] == ["lab/my_server.py"]


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_hint_without_a_number_says_so_in_the_students_language(lang):
    code, text = run_grader("hint", "--lang", lang)
    assert code == 2 and text.strip() == say("hints.no_number", lang)


def test_help_names_the_hint_command_and_the_handout():
    code, text = run_grader("--help")
    assert code == 0 and "python -m grader hint 1.6" in text and "python -m grader handout DIR" in text


# 7. Tests use a pristine copy of the skeleton.

def test_a_filled_in_lab_still_gives_the_tests_an_untouched_skeleton(tmp_path):
    from conftest import stubbed
    from grader.engine.facts import read_facts
    for name in ("tcp_server.py", "tcp_client.py", "udp_server.py", "udp_client.py"):
        path = tmp_path / name
        path.write_text(stubbed((KIT / "solutions" / name).read_text(encoding="utf-8")), encoding="utf-8")
        facts = read_facts(path)
        assert facts.exists and facts.not_started and not facts.syntax_error, name


def test_the_test_extra_brings_only_what_the_tests_need_and_ci_installs_mypy_for_its_check():
    text = (KIT / "pyproject.toml").read_text(encoding="utf-8")
    extras = text[text.index("[project.optional-dependencies]"):].split("\n[", 1)[0]
    test = next(line for line in extras.splitlines() if line.startswith("test ="))
    assert not [heavy for heavy in ("copydetect", "matplotlib", "numpy", "mypy") if heavy in test], test
    assert "\nmypy =" in extras
    ci = (KIT / ".ci" / "run").read_text(encoding="utf-8")
    assert "mypy" in ci.split("pip install", 1)[1].split("\n", 1)[0], "the platform check needs mypy installed"


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_step_mode_on_untouched_skeletons_shows_the_first_goal(lang, pristine_lab):
    code, text = run_grader(pristine_lab, "--step", "--lang", lang)
    flat = " ".join(text.split())
    assert code == 0 and " ".join(say("report.nothing", lang).split()) in flat
    assert " ".join(say("step.goal", lang, goal=say("step.tcp.1.goal", lang)).split()) in flat, text


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_an_echo_is_quoted_as_it_really_arrived(lang, tmp_path):
    from chatkit.protocol import chat_line
    from grader.engine.runner import Options, grade
    result = grade(CORPUS / "tcp_server_echo", Options(lang=lang, checks=("tcp.server.no_echo",), workers=1))
    assert result.checks[0].reason == say("chat.unexpected", lang, name="Аня",
                                             text=chat_line("Аня", "Меня слышно?"))


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_advice_the_code_already_follows_is_replaced_by_one_that_fits(lang):
    from grader.engine.runner import Options, grade
    from grader.report.terminal import plain, render
    result = grade(CORPUS / "tcp_server_one_at_a_time", Options(lang=lang, only="tcp"))
    plain(lambda console: render(result, console, lang))
    hints = {r.hint for r in result.checks if r.status == "failed"}
    assert say("chat.no_answer.one_at_a_time.hint", lang) not in hints
    assert say("chat.no_answer.one_at_a_time.has_threads", lang) in hints


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_strict_sees_a_kept_dead_client_whose_oserror_is_caught(lang):
    from grader.engine.runner import Options, grade
    folder = CORPUS / "tcp_server_departed_kept_caught"
    result = grade(folder, Options(lang=lang, strict=True, only="tcp", workers=1,
                                   checks=("tcp.server.after_leave", "tcp.server.churn")))
    records = result.by_id()
    assert records["tcp.server.after_leave"].status == "passed"     # the default tier cannot see it
    churn = records["tcp.server.churn"]
    assert churn.status == "failed" and churn.hint == say("strict.churn.name_kept.hint", lang), churn


def test_a_lenient_run_of_files_found_by_their_code_keeps_three_lines_before_the_table():
    code, text = run_grader(KIT / "docs" / "lecture", "--lenient")
    assert code == 0, text
    assert len(lines_before_the_table(text)) <= 3, text
    assert say("roles.taken.found", "ru", part=say("roles.part.tcp_server", "ru"), file="server.py") in text
