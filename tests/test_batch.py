"""Batch grading: a class's folder of submissions, good and bad, into one gradebook."""
import csv
import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from grader.engine import rubric
from grader.engine.outcome import Outcome
from grader.messages import say
from grader.tools import gradebooks
from grader.tools.batch import files, grading
from grader.engine.runner import Options, score

KIT = Path(__file__).resolve().parents[1]
LECTURE = KIT / "tests" / "corpus" / "lecture_style"
SOLUTIONS = KIT / "solutions"
BOM = b"\xef\xbb\xbf"


def copy_modules(source, target):
    """Copy a submission's modules (only the .py files a student hands in)."""
    target.mkdir(parents=True)
    for module in rubric.MODULES.values():
        if (source / module).is_file():
            shutil.copy(source / module, target / module)
    return target


def run_batch(*args):
    done = subprocess.run([sys.executable, "-m", "grader", "batch", *map(str, args)], cwd=KIT,
                          capture_output=True, text=True, encoding="utf-8", timeout=600)
    return done.returncode, done.stdout + done.stderr


def read_csv(path):
    """The gradebook as Excel under Russian regional settings reads it: `;`, decimal commas."""
    raw = Path(path).read_bytes()
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines(), delimiter=";"))
    return raw, rows[0], {row[0]: dict(zip(rows[0], row)) for row in rows[1:]}


@pytest.fixture(scope="module")
def classroom(tmp_path_factory):
    """A class's submissions: full marks, the lecture style as a folder and as a zip, a syntax
    error, a server whose import never ends, a folder that is no submission, a broken zip and
    a stray file. Graded once; the tests below read what that run left."""
    root = tmp_path_factory.mktemp("batch")
    folder = root / "submissions"
    copy_modules(SOLUTIONS, folder / "Иванов Иван")
    copy_modules(LECTURE, folder / "petrov")
    with zipfile.ZipFile(folder / "Сидорова.zip", "w") as archive:
        for module in ("tcp_server.py", "tcp_client.py"):
            archive.write(LECTURE / module, f"sidorova/{module}")
    (folder / "broken").mkdir()
    (folder / "broken" / "tcp_server.py").write_text(
        "import socket\n\ndef main(host, port)\n    pass\n", encoding="utf-8")
    (folder / "hanging").mkdir()
    (folder / "hanging" / "tcp_server.py").write_text("while True:\n    pass\n", encoding="utf-8")
    (folder / "notes").mkdir()
    (folder / "notes" / "readme.txt").write_text("не то\n", encoding="utf-8")
    (folder / "empty.zip").write_bytes(b"not a zip at all")
    (folder / "список группы.txt").write_text("Иванов\nПетров\n", encoding="utf-8")
    out = root / "out"
    code, text = run_batch(folder, "--csv", out / "grades.csv", "--jobs", "2",
                           "--json-dir", out / "json", "--feedback-dir", out / "feedback")
    return {"folder": folder, "out": out, "code": code, "text": text}


def test_the_gradebook_has_a_bom_a_header_and_one_row_per_entry(classroom):
    assert classroom["code"] == 0, classroom["text"]
    raw, header, rows = read_csv(classroom["out"] / "grades.csv")
    assert raw.startswith(BOM), "Excel needs the BOM to read Cyrillic"
    assert header == files.fixed_columns(Options()) + [c.id for c in rubric.checks()]
    assert "strict" not in header, "no strict column without --strict"
    assert oct(Path(classroom["out"] / "grades.csv").stat().st_mode & 0o777) == oct(gradebooks.user_mode())
    assert sorted(rows) == sorted(["Иванов Иван", "petrov", "Сидорова", "broken", "hanging", "notes", "empty"])


def test_good_submissions_score_in_the_gradebook(classroom):
    _, _, rows = read_csv(classroom["out"] / "grades.csv")
    solutions = rows["Иванов Иван"]
    assert (solutions["score"], solutions["tcp"], solutions["udp"]) == ("100", "100", "80"), solutions
    assert solutions["status"] == say("batch.status.graded", "ru")
    for check in rubric.checks():
        assert solutions[check.id] == str(check.points), check.id
    for student in ("petrov", "Сидорова"):  # the lecture style, as a folder and as a zip
        row = rows[student]
        assert (row["score"], row["tcp"], row["udp"]) == ("100", "100", "0"), row
        assert "." not in row["seconds"] and float(row["seconds"].replace(",", ".")) > 0


def test_broken_and_hanging_submissions_cost_only_their_own_row_and_are_marked(classroom):
    _, _, rows = read_csv(classroom["out"] / "grades.csv")
    broken, hanging = rows["broken"], rows["hanging"]
    assert broken["score"] == "0" and hanging["score"] == "0"
    assert broken["status"].startswith(say("batch.status.did_not_start", "ru")) and "синтаксическая ошибка" in broken["status"]
    assert hanging["status"].startswith(say("batch.status.did_not_start", "ru")) and "зависает" in hanging["status"]
    assert all(broken[c.id] == "0" for c in rubric.checks())


def test_entries_that_do_not_open_get_a_row_with_the_reason(classroom):
    _, _, rows = read_csv(classroom["out"] / "grades.csv")
    assert rows["notes"]["status"].startswith(say("batch.status.not_opened", "ru")) and "не папка с решением" in rows["notes"]["status"]
    assert rows["empty"]["status"].startswith(say("batch.status.not_opened", "ru")) and "не открывается" in rows["empty"]["status"]
    assert rows["notes"]["score"] == "0" and rows["notes"]["tcp.server.static"] == ""


def test_the_summary_names_every_student_and_the_failed_checks(classroom):
    text = classroom["text"]
    for student in ("Иванов Иван", "petrov", "Сидорова", "broken", "hanging", "notes"):
        assert student in text
    assert say("batch.status.did_not_start", "ru") in text and "1.1, 1.2" in text


def test_json_and_feedback_files_carry_the_report(classroom):
    out = classroom["out"]
    document = json.loads((out / "json" / "Иванов Иван.json").read_text(encoding="utf-8"))
    assert document["score"] == 100 and document["tests"]
    hanging = json.loads((out / "json" / "hanging.json").read_text(encoding="utf-8"))
    assert hanging["score"] == 0 and hanging["extra_data"]["status"] == grading.DID_NOT_START
    notes = json.loads((out / "json" / "notes.json").read_text(encoding="utf-8"))
    assert notes["score"] == 0 and "не папка с решением" in notes["output"]
    feedback = (out / "feedback" / "hanging.md").read_text(encoding="utf-8")
    assert "зависает" in feedback and say("report.hint", "ru") in feedback and say("report.final", "ru", score=0) in feedback
    html = (out / "feedback" / "broken.html").read_text(encoding="utf-8")
    assert html.lstrip().startswith("<!DOCTYPE html>") and "синтаксическая ошибка" in html
    assert {p.stem for p in (out / "feedback").glob("*.md")} == {
        "Иванов Иван", "petrov", "Сидорова", "broken", "hanging", "notes", "empty"}


def test_a_rerun_takes_unchanged_submissions_from_the_cache(classroom, tmp_path):
    folder = classroom["folder"]
    with open(folder / "petrov" / "tcp_server.py", "a", encoding="utf-8") as source:
        source.write("\n# исправлено после дедлайна\n")
    code, text = run_batch(folder, "--csv", tmp_path / "again.csv", "--jobs", "2")
    assert code == 0, text
    lines = {line.split(":")[0]: line for line in text.splitlines() if ":" in line}
    for student in ("Иванов Иван", "Сидорова", "broken", "hanging"):
        assert f"({say('batch.cached', 'ru')})" in lines[student], text
    assert f"({say('batch.cached', 'ru')})" not in lines["petrov"], "a changed submission must be graded again"
    _, _, rows = read_csv(tmp_path / "again.csv")
    assert rows["hanging"]["status"].startswith(say("batch.status.did_not_start", "ru")), "a cached row keeps its mark"
    assert rows["Иванов Иван"]["score"] == "100"


# --- in-process, without real grading ------------------------------------------------------------

def fake_result(folder, options, status="passed"):
    checks = [Outcome(c.id, status) for c in rubric.checks("tcp")]
    checks += [Outcome(c.id, "skipped", reason="нет файла") for c in rubric.checks("udp")]
    return score(folder, checks, options, 0.5)


def test_a_grading_that_crashes_or_faults_is_marked_and_the_batch_goes_on(tmp_path, monkeypatch):
    for name in ("crash", "fault", "fine"):
        copy_modules(LECTURE, tmp_path / name)

    def fake_grade(folder, options, on_event=None):
        if Path(folder).name == "crash":
            raise RuntimeError("the worker exploded")
        return fake_result(folder, options, "error" if Path(folder).name == "fault" else "passed")

    monkeypatch.setattr(grading, "grade", fake_grade)
    options = Options(workers=1)
    rows = {row.student: row for row in grading.run(tmp_path, options, jobs=2, cache_dir=tmp_path / ".cache")}
    assert rows["crash"].status == grading.GRADER_FAULT and "exploded" in rows["crash"].note
    assert rows["fault"].status == grading.GRADER_FAULT
    assert rows["fine"].status == grading.GRADED and rows["fine"].result.score == 100
    header, *lines = files.csv_rows(rows.values(), options, "ru")
    table = {row[0]: dict(zip(header, row)) for row in lines}
    assert table["crash"]["score"] == "", "a crash must not read as a zero in the gradebook"
    assert table["crash"]["status"].startswith(say("batch.status.grader_fault", "ru"))
    # Faults are never cached: the next run grades them again; the clean row comes from the cache.
    rows = {row.student: row for row in grading.run(tmp_path, options, jobs=2, cache_dir=tmp_path / ".cache")}
    assert rows["fine"].cached and not rows["fault"].cached and not rows["crash"].cached


def test_force_and_a_changed_grader_bypass_the_cache(tmp_path, monkeypatch):
    copy_modules(LECTURE, tmp_path / "anya")
    calls = []
    monkeypatch.setattr(grading, "grade", lambda folder, options, on_event=None: calls.append(1) or
                        fake_result(folder, options))
    options = Options(workers=1)
    grading.run(tmp_path, options, cache_dir=tmp_path / ".cache")
    grading.run(tmp_path, options, cache_dir=tmp_path / ".cache")
    assert len(calls) == 1
    grading.run(tmp_path, options, cache_dir=tmp_path / ".cache", force=True)
    assert len(calls) == 2
    monkeypatch.setattr(grading, "kit_fingerprint", lambda: "another grader")
    grading.run(tmp_path, options, cache_dir=tmp_path / ".cache")
    assert len(calls) == 3


def test_entries_are_folders_and_zips_with_unique_student_names(tmp_path):
    (tmp_path / "anya").mkdir()
    (tmp_path / "anya.zip").write_bytes(b"")
    (tmp_path / ".chatkit-cache").mkdir()
    (tmp_path / "__MACOSX").mkdir()
    (tmp_path / "grades.csv").write_text("", encoding="utf-8")
    assert [name for name, _ in grading.find_entries(tmp_path)] == ["anya", "anya (2)"]
    (tmp_path / "feedback").mkdir()  # --feedback-dir inside SUBMISSIONS is not a student
    assert [name for name, _ in grading.find_entries(tmp_path, [tmp_path / "feedback"])] == ["anya", "anya (2)"]


def test_a_missing_folder_is_one_sentence_and_exit_2(tmp_path):
    code, text = run_batch(tmp_path / "nowhere", "--csv", tmp_path / "g.csv")
    assert code == 2 and "Не нашли папку" in text
    code, text = run_batch(tmp_path, "--csv", tmp_path / "g.csv")
    assert code == 2 and "нет ни папок, ни .zip" in text
