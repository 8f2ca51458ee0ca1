"""`python -m grader handout DIR`: the students' kit, without the answers.

The instructor's repository holds the reference (solutions/), the corpus of graded
submissions (tests/corpus/, many of them finished chats) and the kit's own tests, which
read both. A class gets a copy without any of it, the release step of nbgrader or
Otter-Grader's assign:

    DIR/
      lab/             the skeletons, checked untouched (every function still a TODO)
      chatkit/         the protocol and the run-by-hand helper the skeletons import
      grader/          the grader (it holds no solution: it drives the student's code)
      docs/lecture/    the course's own example, word for word, as the course gives it
      assignment.md    the task, the protocol and the rubric
      README.md        the students' README: its first command grades lab/
      pyproject.toml   the kit's, without solutions* among the packages
      tests/test_kit.py  the kit's own tests for this copy: they need no reference

Nothing is written when DIR exists and is not empty, or when the copy would leak: every
file of DIR is searched for the reference's own lines (a file with three lines of
solutions/*.py that the skeletons, chatkit/ and the lecture do not hold) before the command says it is done. The solutions are
released later by copying solutions/ (README.md, "Handing out the kit").
"""
import argparse
import shutil
import sys
import tempfile
from pathlib import Path

from grader import KIT_ROOT
from grader.messages import say

EXIT_OK, EXIT_USAGE = 0, 2
TREES = ("lab", "chatkit", "grader", "docs/lecture")     # copied whole (minus caches)
FILES = ("assignment.md", ".gitignore", ".gitattributes")
TEMPLATES = KIT_ROOT / "grader" / "templates" / "handout"
SKIP = shutil.ignore_patterns("__pycache__", "*.pyc", ".chatkit", "*.egg-info", ".pytest_cache")
MIN_LEAK = 24   # shorter lines ("return", "except OSError:") are anybody's
LEAK_LINES = 3  # a file holding this many of the reference's lines holds a piece of it


def reference_lines(kit=KIT_ROOT):
    """The reference's own lines: stripped lines of solutions/*.py, MIN_LEAK characters or
    longer, that neither the skeletons nor chatkit/ hold (their docstrings and TODOs are
    shared on purpose, the lecture's example is the course's)."""
    shared: set[str] = set()
    for folder in ("lab", "chatkit", "docs/lecture"):
        for path in (kit / folder).rglob("*.py"):
            shared.update(line.strip() for line in path.read_text(encoding="utf-8").splitlines())
    own: set[str] = set()
    for path in (kit / "solutions").glob("*.py"):
        own.update(line.strip() for line in path.read_text(encoding="utf-8").splitlines())
    return {line for line in own - shared if len(line) >= MIN_LEAK and not line.startswith("#")}


def leaks(folder, kit=KIT_ROOT):
    """[(file, line)]: every file in `folder` that holds LEAK_LINES lines of the reference
    (one common line, `server = socket.socket(...)`, is anybody's), and any solutions/ folder."""
    own = reference_lines(kit)
    found = []
    for path in sorted(Path(folder).rglob("*")):
        if not path.is_file():
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            continue
        held = [line.strip() for line in text.splitlines() if line.strip() in own]
        if len(set(held)) >= LEAK_LINES:
            found.append((str(path.relative_to(folder)), held[0]))
        if "solutions" in path.parts:
            found.append((str(path.relative_to(folder)), "solutions/"))
    return found


def started_skeletons(kit=KIT_ROOT):
    """The files of lab/ that are no longer untouched skeletons (an instructor tried them)."""
    from grader.engine.facts import read_facts
    return [path.name for path in sorted((kit / "lab").glob("*.py"))
            if path.name != "__init__.py" and not read_facts(path).not_started]


def pyproject_without_solutions(text):
    """The kit's pyproject.toml with solutions* out of the packages it installs."""
    text = text.replace("student skeletons, reference solutions and an autograder", "student skeletons and an autograder")
    return text.replace(', "solutions*"', "").replace('"solutions*", ', "")


def build(target, kit=KIT_ROOT):
    """Write the students' kit to `target` (a new or empty folder); return its path."""
    target = Path(target)
    for tree in TREES:
        shutil.copytree(kit / tree, target / tree, ignore=SKIP)
    for name in FILES:
        if (kit / name).is_file():
            shutil.copy2(kit / name, target / name)
    (target / "pyproject.toml").write_text(
        pyproject_without_solutions((kit / "pyproject.toml").read_text(encoding="utf-8")), encoding="utf-8")
    shutil.copy2(TEMPLATES / "README.md", target / "README.md")
    (target / "tests").mkdir()
    shutil.copy2(TEMPLATES / "test_kit.py", target / "tests" / "test_kit.py")
    return target


def parser():
    p = argparse.ArgumentParser(prog="python -m grader handout", description=say("handout.help.description", "ru"))
    p.add_argument("folder", metavar="DIR", help=say("handout.help.folder", "ru"))
    p.add_argument("--lang", choices=("ru", "en"), default="ru", help=say("handout.help.lang", "ru"))
    return p


def main(argv):
    args = parser().parse_args(argv)
    lang, target = args.lang, Path(args.folder)
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        print(say("handout.not_empty", lang, path=target), file=sys.stderr)
        return EXIT_USAGE
    started = started_skeletons()
    if started:
        print(say("handout.lab_started", lang, files=", ".join(started)), file=sys.stderr)
        return EXIT_USAGE
    # Built beside the target, checked, then moved in: a leaking kit is never left behind.
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".handout-", dir=target.parent))
    try:
        build(staging / "kit")
        found = leaks(staging / "kit")
        if found:
            print(say("handout.leaks", lang, where="; ".join(f"{f}: {line[:60]}" for f, line in found[:5])),
                  file=sys.stderr)
            return EXIT_USAGE
        if target.exists():
            target.rmdir()
        shutil.move(str(staging / "kit"), str(target))
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    print(say("handout.done", lang, path=target))
    return EXIT_OK
