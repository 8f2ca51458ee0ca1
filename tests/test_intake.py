"""The grading process never trusts a submission's files (issue 18, the grading side).

Hostile submissions are built here at run time (symbolic links, FIFOs, non-UTF-8 names and
zips cannot be kept portably in git): links to a canary file outside the submission, to
/dev/zero and to nothing, a FIFO, a module over the parse budget, thousands of files, a zip
with `..`, absolute and link members and a bomb, hint memory that is a link. Each test
proves the attack had no effect: the canary is neither read nor written, nothing appears
outside the submission, the budgets hold, and a correct classmate graded beside them in
`batch --jobs 2` keeps 100 while the CSV is written.
"""
import csv
import dataclasses
import json
import os
import shutil
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from grader.engine import intake, limits, rubric
from grader.engine.facts import read_facts
from grader.engine.outcome import Outcome
from grader.engine.hints import STATE_DIR, STATE_FILE, HintBook
from grader.engine.roles import find_roles
from grader.engine.submission import UsageError, open_submission, origin_of, release, remarks_for
from grader.messages import say
from grader.report.jsonfile import write_json
from grader.tools.batch import files, grading
from grader.engine.runner import Options

KIT = Path(__file__).resolve().parents[1]
SERVER = KIT / "tests" / "corpus" / "correct_functions" / "tcp_server.py"
CLIENT = KIT / "tests" / "corpus" / "correct_functions" / "tcp_client.py"
SECRET = "canary: the instructor's secret"
posix_only = pytest.mark.skipif(os.name != "posix", reason="symbolic links, FIFOs and byte names: POSIX")


def listing(folder):
    """Every name under `folder` with its kind and bytes: what "nothing changed" compares."""
    out = {}
    for path in sorted(Path(folder).rglob("*")):
        info = os.lstat(path)
        out[str(path.relative_to(folder))] = (stat.S_IFMT(info.st_mode),
                                              path.read_bytes() if stat.S_ISREG(info.st_mode) else None)
    return out


def chat_modules(folder):
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(SERVER, folder / "tcp_server.py")
    shutil.copy(CLIENT, folder / "tcp_client.py")
    return folder


@pytest.fixture
def outside(tmp_path):
    """A folder beside the submission with a canary file a hostile link points at."""
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "secret.txt").write_text(SECRET, encoding="utf-8")
    return folder


def hostile_links(folder, outside):
    """The shapes of issue 18, item 4: links out, to a device, to nothing, a FIFO, deep links."""
    chat_modules(folder)
    (folder / "secret.txt").symlink_to(outside / "secret.txt")
    (folder / "zero.bin").symlink_to("/dev/zero")
    (folder / "dangling.py").symlink_to(folder / "nowhere.py")
    (folder / "sub").mkdir()
    (folder / "sub" / "up").symlink_to(outside, target_is_directory=True)
    (folder / "sub" / "inside.py").symlink_to(folder / "tcp_server.py")
    os.mkfifo(folder / "pipe")
    return folder


# --- the copy: links, devices, budgets ------------------------------------------------------

@posix_only
def test_a_copy_follows_no_link_opens_no_fifo_and_names_what_it_left_out(tmp_path, outside):
    folder = hostile_links(tmp_path / "student", outside)
    before = listing(outside)
    graded = open_submission(folder, "en")   # a FIFO opened would block here: the test's timeout
    try:
        copied = listing(graded)
        assert set(copied) == {"tcp_server.py", "tcp_client.py"}   # sub/ held only links
        assert all(kind in (stat.S_IFREG, stat.S_IFDIR) for kind, _ in copied.values())
        assert not any(SECRET.encode() in (data or b"") for _, data in copied.values())
        said = {key: fields for key, fields in remarks_for(graded)}
        assert set(said) == {"intake.link", "intake.special"}
        for name in ("secret.txt", "zero.bin", "dangling.py", "sub/up", "sub/inside.py"):
            assert name in said["intake.link"]["files"]
        assert said["intake.special"]["files"] == "pipe"
        assert origin_of(graded) == folder.resolve()
    finally:
        release(graded)
    assert listing(outside) == before
    assert not graded.exists()


def test_budgets_hold_for_files_bytes_and_each_file(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "SUBMISSION_MAX_FILES", 20)
    monkeypatch.setattr(limits, "SUBMISSION_MAX_BYTES", 200_000)
    monkeypatch.setattr(limits, "SUBMISSION_FILE_BYTES", 50_000)
    folder = chat_modules(tmp_path / "student")
    (folder / "notes").mkdir()
    for number in range(500):
        (folder / "notes" / f"{number:03}.txt").write_text("x", encoding="utf-8")
    (folder / "a_big.bin").write_bytes(b"\0" * 60_000)
    for number in range(5):
        (folder / f"data{number}.bin").write_bytes(b"\0" * 45_000)
    target = tmp_path / "copy"
    target.mkdir()
    taken = intake.copy_tree(folder, target)
    assert len(taken.files) <= 20 and taken.bytes <= 200_000
    assert (target / "tcp_server.py").is_file() and (target / "tcp_client.py").is_file(), \
        "the top level is taken first: the modules are always within the budgets"
    assert taken.left_out[intake.TOO_BIG] == ["a_big.bin"]
    assert taken.left_out[intake.OVER_BUDGET] and taken.left_out[intake.TOO_MANY]
    assert len(taken.left_out[intake.TOO_MANY]) < 500, "listing stops soon after the budget"
    assert sum(1 for p in target.rglob("*") if p.is_file()) == len(taken.files)


def test_a_module_over_the_parse_budget_is_neither_parsed_nor_graded(tmp_path):
    folder = chat_modules(tmp_path / "student")
    big = "DATA = [" + "1, " * (limits.MODULE_MAX_BYTES // 3 + 10) + "]\nimport socket\nsocket.socket().bind(('', 1))\n"
    (folder / "tcp_client.py").write_text(big, encoding="utf-8")
    (folder / "server_copy.py").write_text(big, encoding="utf-8")
    assert not read_facts(folder / "tcp_client.py").exists
    assert "server_copy.py" not in find_roles(folder).files.values()
    graded = open_submission(folder, "ru")
    try:
        assert not (graded / "tcp_client.py").exists() and (graded / "tcp_server.py").is_file()
        said = dict(remarks_for(graded))["intake.module_too_big"]
        assert "tcp_client.py" in said["files"] and "server_copy.py" in said["files"]
    finally:
        release(graded)
    (folder / "tcp_server.py").write_text(big, encoding="utf-8")
    (folder / "server_copy.py").unlink()
    with pytest.raises(UsageError) as error:   # nothing left to grade: the sentence says why
        open_submission(folder, "en")
    assert "256 KB" in str(error.value) and "tcp_server.py" in str(error.value)


def test_a_zip_keeps_to_the_same_rules(tmp_path):
    archive = tmp_path / "class" / "evil.zip"
    archive.parent.mkdir()
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as out:
        out.write(SERVER, "work/tcp_server.py")
        out.writestr("../../escaped.txt", "out")
        out.writestr("/abs.txt", "out")
        out.writestr("work/../../../up.txt", "out")
        link = zipfile.ZipInfo("work/link.txt")
        link.external_attr = (stat.S_IFLNK | 0o777) << 16
        out.writestr(link, "/etc/hostname")
        out.writestr("work/bomb.bin", b"\0" * (limits.SUBMISSION_FILE_BYTES + 1))
        out.writestr("work/.git/config", "skipped")
    before = listing(tmp_path)
    graded = open_submission(archive, "en")
    try:
        assert graded.name == "work" and sorted(os.listdir(graded)) == ["tcp_server.py"]
        said = dict(remarks_for(graded))
        assert "../../escaped.txt" in said["intake.bad_name"]["files"]
        assert said["intake.link"]["files"] == "work/link.txt"
        assert said["intake.too_big"]["files"] == "work/bomb.bin"
        assert origin_of(graded) is None, "a zip's copy keeps no hint memory"
    finally:
        release(graded)
    assert listing(tmp_path) == before
    assert not any((tmp_path.parent / name).exists() for name in ("escaped.txt", "up.txt"))


def test_a_zip_of_sixty_thousand_files_is_taken_within_the_budget(tmp_path):
    archive = tmp_path / "many.zip"
    with zipfile.ZipFile(archive, "w") as out:
        out.write(SERVER, "tcp_server.py")
        for number in range(60_000):
            out.writestr(f"f/{number}.txt", "")
    graded = open_submission(archive, "en")
    try:
        assert sum(1 for _ in graded.rglob("*.txt")) == limits.SUBMISSION_MAX_FILES - 1
        said = dict(remarks_for(graded))["intake.too_many"]
        assert said["count"] == 60_000 - limits.SUBMISSION_MAX_FILES + 1
    finally:
        release(graded)


@posix_only
def test_read_bytes_refuses_links_devices_and_what_is_over_its_limit(tmp_path, outside):
    (tmp_path / "link").symlink_to(outside / "secret.txt")
    os.mkfifo(tmp_path / "fifo")
    (tmp_path / "big.py").write_bytes(b"#" * (limits.MODULE_MAX_BYTES + 1))
    for name in ("link", "fifo", "big.py"):
        with pytest.raises(intake.Refused):
            intake.read_bytes(tmp_path / name)
    with pytest.raises(intake.Refused):
        intake.read_bytes("/dev/zero", 1024)


# --- hint memory -----------------------------------------------------------------------------

def failed_result(folder):
    check = rubric.checks("tcp")[1]
    from grader.engine.runner import score
    return score(folder, [Outcome(check.id, "failed", reason="x")], Options(), 0.1)


@posix_only
@pytest.mark.parametrize("at_folder", [True, False], ids=["open-folder", "lstat-first"])
def test_hint_memory_never_follows_a_link(tmp_path, outside, at_folder, monkeypatch):
    from grader.engine import hints
    monkeypatch.setattr(hints, "AT_FOLDER", at_folder and hints.AT_FOLDER)
    # .chatkit -> the folder outside: nothing read from it, nothing written there
    folder = chat_modules(tmp_path / "up")
    (folder / STATE_DIR).symlink_to(outside, target_is_directory=True)
    (outside / STATE_FILE).write_text(json.dumps({"checks": {rubric.checks("tcp")[1].id: {"level": 3}}}))
    before = listing(outside)
    book = HintBook.load(folder)
    assert book.checks == {}
    book.after_run(failed_result(folder))
    assert book.save() is False
    # .chatkit/hints.json -> /dev/zero, and -> the canary: an empty memory; the save replaces the link
    for target in ("/dev/zero", outside / "secret.txt"):
        folder = chat_modules(tmp_path / f"file-{len(str(target))}")
        (folder / STATE_DIR).mkdir()
        (folder / STATE_DIR / STATE_FILE).symlink_to(target)
        (folder / STATE_DIR / ".gitignore").symlink_to(outside / "secret.txt")
        book = HintBook.load(folder)
        assert book.checks == {}
        book.after_run(failed_result(folder))
        assert book.save() is True
        assert not (folder / STATE_DIR / STATE_FILE).is_symlink()
        assert HintBook.load(folder).checks
    assert listing(outside) == before


def test_a_huge_or_broken_hint_memory_is_an_empty_one(tmp_path):
    folder = chat_modules(tmp_path / "student")
    (folder / STATE_DIR).mkdir()
    path = folder / STATE_DIR / STATE_FILE
    for data in (b"[" * 100_000, b" " * (limits.HINTS_MAX_BYTES + 1), b"\xff\xfe", b"{}"):
        path.write_bytes(data)
        assert HintBook.load(folder).checks == {}


# --- names are bytes --------------------------------------------------------------------------

def test_output_file_names_never_meet():
    names = ["a?b", "a_b", "a:b", "a/b", "Иванов", "И\udcff\udcfe", "CON", ".", "x" * 300]
    stems = [files.file_stem(name) for name in names]
    assert len({stem.casefold() for stem in stems}) == len(names)
    assert files.file_stem("a_b") == "a_b" and files.file_stem("Иванов") == "Иванов"
    assert all(stem.encode("utf-8") and "/" not in stem and len(stem) < 200 for stem in stems)
    assert files.file_stem("a?b") == files.file_stem("a?b"), "the same name, the same file, every run"
    forged = files.file_stem("a?b")           # a folder named like another's hashed stem
    stems = files.unique_stems(["a?b", forged, "a_b", "A_b"])
    assert len({stem.casefold() for stem in stems.values()}) == 4
    assert stems == files.unique_stems(["A_b", "a_b", forged, "a?b"]), "the same class, the same files"


def test_names_that_are_not_utf8_are_written_everywhere(tmp_path):
    student = intake.readable("И\udcff")
    assert student == "И\\xff"
    document = {"folder": "/class/И\udcff", "И\udcfe": ["x\udcff"]}
    write_json(document, tmp_path / "r.json")
    assert json.loads((tmp_path / "r.json").read_text(encoding="utf-8")) == {
        "folder": "/class/И\\xff", "И\\xfe": ["x\\xff"]}
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")], "no temporary left behind"


# --- the batch: one row never takes it down ----------------------------------------------------

def test_a_row_whose_grading_raises_anything_is_recorded_and_the_others_go_on(tmp_path, monkeypatch):
    for name in ("boom", "fine"):
        chat_modules(tmp_path / name)
    real = grading.grade_entry

    def grade_entry(student, path, options, cache, force):
        if student == "boom":
            raise MemoryError("the row ate everything")
        return real(student, path, options, cache, force)

    monkeypatch.setattr(grading, "grade_entry", grade_entry)
    monkeypatch.setattr(grading, "grade", lambda folder, options, on_event=None: failed_result(folder))
    done = []
    rows = {row.student: row for row in grading.run(tmp_path, Options(workers=1), jobs=2,
                                                     on_done=lambda row: done.append(1 / 0))}
    assert rows["boom"].status == grading.GRADER_FAULT and "ate everything" in rows["boom"].note
    assert rows["fine"].result is not None


@pytest.fixture(scope="module", params=["default", "portable"])
def hostile_class(request, tmp_path_factory):
    """A correct classmate beside every hostile shape, graded in `batch --jobs 2`, in the
    default mode and in the one other platforms take (CHATKIT_PLATFORM=portable)."""
    root = tmp_path_factory.mktemp(f"hostile-{request.param}")
    outside = root / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text(SECRET, encoding="utf-8")
    class_ = root / "class"
    chat_modules(class_ / "anna")
    chat_modules(class_ / "a_b")
    if os.name == "posix":
        chat_modules(class_ / "a?b")
        hostile_links(class_ / "links", outside)
        name = os.fsdecode(b"\xd0\x98\xff")   # what unzip makes of a Cyrillic name
        chat_modules(class_ / name)
        (class_ / name / os.fsdecode(b"no\xffte.txt")).write_text("a name that is not UTF-8")
    big = chat_modules(class_ / "bigmodule")
    (big / "tcp_client.py").write_text("X = '" + "x" * limits.MODULE_MAX_BYTES + "'\n", encoding="utf-8")
    crowded = chat_modules(class_ / "manyfiles")
    (crowded / "junk").mkdir()
    for number in range(limits.SUBMISSION_MAX_FILES + 500):
        (crowded / "junk" / f"{number}.txt").write_bytes(b"")
    with zipfile.ZipFile(class_ / "many.zip", "w") as out:
        out.write(SERVER, "tcp_server.py")
        out.write(CLIENT, "tcp_client.py")
        for number in range(5_000):
            out.writestr(f"junk/{number}.txt", "")
        out.writestr("../escaped.txt", "out")
    before = listing(outside), sorted(os.listdir(root))
    out = root / "out"
    done = subprocess.run([sys.executable, "-m", "grader", "batch", str(class_), "--csv", str(out / "grades.csv"),
                           "--json-dir", str(out / "results"), "--feedback-dir", str(out / "feedback"),
                           "--jobs", "2", "--lang", "en"], cwd=KIT, capture_output=True, text=True, timeout=900,
                          env={**os.environ, "CHATKIT_PLATFORM": request.param} if request.param == "portable"
                          else {k: v for k, v in os.environ.items() if k != "CHATKIT_PLATFORM"})
    return {"root": root, "outside": outside, "before": before, "done": done, "out": out, "class": class_}


def test_a_hostile_class_is_graded_with_its_csv_and_the_classmate_keeps_100(hostile_class):
    done, out = hostile_class["done"], hostile_class["out"]
    assert done.returncode == 0, done.stdout + done.stderr
    raw = (out / "grades.csv").read_bytes()
    rows = {row["student"]: row for row in csv.DictReader(raw.decode("utf-8-sig").splitlines())}
    graded = say("batch.status.graded", "en")
    expected = {"anna": "100", "a_b": "100", "many": "100", "manyfiles": "100",
                "bigmodule": "72"}      # the client is over the parse budget: not graded, the server is
    if os.name == "posix":
        expected.update({"a?b": "100", "links": "100", "И\\xff": "100"})
    for student, score in expected.items():
        assert rows[student]["score"] == score, (student, rows[student], done.stdout[-3000:])
        assert rows[student]["status"] == graded, (student, rows[student])
    assert say("batch.status.grader_fault", "en") not in raw.decode("utf-8-sig")


def test_a_hostile_class_writes_nothing_outside_and_every_student_gets_own_files(hostile_class):
    root, outside = hostile_class["root"], hostile_class["outside"]
    assert listing(outside) == hostile_class["before"][0]
    assert sorted(os.listdir(root)) == sorted(hostile_class["before"][1] + ["out"])
    feedback = sorted(p.name for p in (hostile_class["out"] / "feedback").glob("*.md"))
    results = sorted(p.name for p in (hostile_class["out"] / "results").glob("*.json"))
    students = len([p for p in hostile_class["class"].iterdir() if not p.name.startswith(".")])
    assert len(feedback) == len(results) == students
    assert not (root.parent / "escaped.txt").exists()
    feedback = hostile_class["out"] / "feedback"
    if os.name == "posix":   # what was left out is named once in the student's own report
        links = (feedback / "links.md").read_text(encoding="utf-8")
        assert all(links.count(name) == 1 for name in ("secret.txt", "zero.bin", "dangling.py", "pipe"))
    assert str(limits.SUBMISSION_MAX_FILES) in (feedback / "manyfiles.md").read_text(encoding="utf-8")


def test_student_output_never_closes_the_feedbacks_code_fence(tmp_path):
    result = failed_result(tmp_path)
    result = dataclasses.replace(result, checks=[dataclasses.replace(result.checks[0],
                                                                     reason="the server sent: ````` and then ```")])
    text = files.feedback_markdown(grading.Row("anna", tmp_path, result=result), "en")
    fence = "`" * 6
    assert f"\n{fence}text\n" in text and text.rstrip().endswith(fence)
    assert "`````" in text


def test_a_folder_name_is_text_in_the_progress_bar_never_markup():
    import io
    from rich.console import Console
    from grader.tools.batch.cli import BatchProgress
    console = Console(file=io.StringIO(), force_terminal=True, width=120)
    with BatchProgress(console, 2, "en") as progress:
        progress.started("[/]bad[red")
        progress.progress.refresh()
        progress.finished(grading.Row("[/]bad[red", Path("x")))
    assert "[/]bad[red" in console.file.getvalue()


@posix_only
def test_a_module_whose_name_is_not_utf8_is_graded_as_the_submissions(tmp_path):
    """Found by its code and run, straight from the folder (grade()) and through the CLI's
    private copy, whose name is its readable form: never a grader fault, the JSON written."""
    from grader.engine.runner import grade
    folder = tmp_path / "student"
    folder.mkdir()
    shutil.copy(SERVER, os.fsencode(folder) + b"/serv\xffer.py")
    result = grade(folder, Options(lang="en", workers=1))
    assert not result.grader_fault and result.score == 72, [r for r in result.checks if r.status != "passed"]
    done = subprocess.run([sys.executable, "-m", "grader", str(folder), "--lang", "en", "--json",
                           str(tmp_path / "r.json")], cwd=KIT, capture_output=True, text=True, timeout=300)
    document = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert done.returncode == 0 and document["score"] == 72, done.stdout + done.stderr
    assert document["extra_data"]["roles"]["files"]["tcp_server.py"] == "serv\\xffer.py"
