"""The chat lab's autograder: `python -m grader [FOLDER]`.

The folders are the architecture (docs/architecture.md walks a submission through them):

    engine/    find and open a submission, read its sources, plan, run and score the checks
    sandbox/   run one student module in a child process the grader controls
    chat/      simulated users, their transcripts, and chat scenarios built from them
    checks/    the checks, as pytest tests (the strict tier in checks/strict/)
    messages/  every sentence in Russian and English, keyed by id
    report/    the terminal report and results.json
    tools/     the instructor's commands: batch, bench, demo, bundle

Kept import-light on purpose: worker and child processes import submodules directly, and
the harness imports grader.sandbox's constants inside the student's process.
"""
from pathlib import Path

KIT_ROOT = Path(__file__).resolve().parents[1]   # the folder that holds chatkit/ and grader/
