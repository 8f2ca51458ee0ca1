"""The student's loop (issue 23): what a student reads run after run, and the kit they get."""
import subprocess
import sys
from pathlib import Path

import pytest

from grader.engine.remarks import remarks_of
from grader.engine.shapes import entry_of
from grader.messages import say

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
        record = {"outputs": [{"module": "tcp_server.py", "launch": {
            "file": "tcp_server.py", "shape": shape, "label": label,
            "marks": ["shape:call", "redirect:bind:0.0.0.0:5000"]}}]}
        assert ("launch.ignores_port", {"file": "tcp_server.py", "port": "5000"}) in remarks_of(None, [record])


def test_a_module_with_no_entry_is_never_said_to_run_as_none():
    record = {"outputs": [{"module": "tcp_server.py", "launch": {"file": "tcp_server.py", "shape": "none",
                                                                "label": "", "marks": []}}]}
    assert not [key for key, _ in remarks_of(None, [record]) if key == "launch.shape"]


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_a_finished_chat_with_main_without_arguments_scores_full_marks(lang):
    code, text = run_grader(CORPUS / "shape_kit_block_main_noargs", "--lang", lang)
    assert code == 0, text
    assert say("report.final", lang, score=100) in text
    assert say("launch.ignores_port", lang, file="tcp_server.py", port="5000").split(";")[0] in " ".join(text.split())
