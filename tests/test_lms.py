"""The LMSs' own files, end to end: Canvas's submissions.zip and gradebook export in, Canvas's
import out; Moodle's download-all and grades export (or grading worksheet) in, Moodle's import
out. Each output is read back the way the LMS reads it: Canvas by its ID column with the
"Points Possible" row under the header; Moodle line by line, an empty grade cell clearing the
grade and a blank identifier meaning "the previous line's student"."""
import csv
import io
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from grader.engine import rubric
from grader.messages import say
from grader.tools import gradebooks, lms

KIT = Path(__file__).resolve().parents[1]
SOLUTIONS = KIT / "solutions"
ECHO = KIT / "tests" / "corpus" / "tcp_server_echo"


def modules(folder):
    return [folder / name for name in rubric.MODULES.values() if (folder / name).is_file()]


def run_batch(*args):
    done = subprocess.run([sys.executable, "-m", "grader", "batch", *map(str, args)], cwd=KIT,
                          capture_output=True, text=True, timeout=600)
    return done.returncode, done.stdout + done.stderr


def read_back(path):
    """The rows as an LMS's importer reads them: plain UTF-8 CSV, comma separated."""
    return list(csv.reader(io.StringIO(Path(path).read_text(encoding="utf-8-sig"))))


# --- Canvas -----------------------------------------------------------------------------------------

CANVAS_EXPORT = (
    "Student,ID,SIS User ID,SIS Login ID,Section,Домашка (70),Чат (77),Current Score\n"
    "    Points Possible,,,,,10,100,(read only)\n"
    '"Иванов, Иван",1001,s1001,ivanov@uni.ru,A,9,,90\n'
    '"Петрова, Анна",1002,s1002,petrova@uni.ru,B,7,,70\n'
    '"Сидоров, Пётр",1003,s1003,sidorov@uni.ru,A,5,,50\n')


@pytest.fixture(scope="module")
def canvas(tmp_path_factory):
    root = tmp_path_factory.mktemp("canvas")
    bundle = root / "submissions.zip"
    with zipfile.ZipFile(bundle, "w") as archive:
        for path in modules(SOLUTIONS):
            archive.write(path, f"ivanovivan_1001_5001_{path.name}")
        for path in modules(ECHO):     # late, and uploaded twice: Canvas adds "-1"
            stem, suffix = path.name.rsplit(".", 1)
            archive.write(path, f"petrovaanna_late_1002_5002_{stem}-1.{suffix}")
    (root / "export.csv").write_text(CANVAS_EXPORT, encoding="utf-8")
    out = root / "out"
    code, text = run_batch(bundle, "--csv", out / "grades.csv", "--roster", root / "export.csv",
                           "--canvas", out / "canvas.csv", "--assignment", "Чат", "--assignment-id", "77")
    return {"root": root, "out": out, "code": code, "text": text}


def test_canvas_bulk_download_is_grouped_by_student(tmp_path):
    bundle = tmp_path / "submissions.zip"
    with zipfile.ZipFile(bundle, "w") as archive:
        archive.writestr("ivanovivan_1001_5001_tcp_server.py", "x = 1\n")
        archive.writestr("ivanovivan_1001_5001_tcp_client.py", "x = 2\n")
        archive.writestr("petrovaanna_late_1002_5002_tcp_server-2.py", "x = 3\n")
        archive.writestr("sidorovpetr_1003_5003_chat.zip", b"PK")
    assert lms.detect(bundle) == "canvas"
    bulk = lms.stage(bundle, "canvas")
    try:
        assert bulk.keys == {"ivanovivan_1001": "1001", "petrovaanna_1002": "1002", "sidorovpetr_1003": "1003"}
        assert bulk.late == {"petrovaanna_1002"}
        assert sorted(p.name for p in (bulk.folder / "ivanovivan_1001").iterdir()) == ["tcp_client.py", "tcp_server.py"]
        assert (bulk.folder / "petrovaanna_1002" / "tcp_server.py").is_file(), "Canvas's -2 is dropped"
        assert (bulk.folder / "sidorovpetr_1003.zip").is_file(), "a lone zip is the entry, as in a plain batch"
    finally:
        bulk.remove()
    assert not bulk.folder.exists()


def test_an_unzipped_download_is_taken_too_and_never_read_through_links_or_past_the_cap(tmp_path, monkeypatch):
    folder = tmp_path / "submissions"
    folder.mkdir()
    (folder / "ivanovivan_1001_5001_tcp_server.py").write_text("x = 1\n")
    (folder / "petrovaanna_1002_5002_tcp_server.py").write_text("y = 2\n" * 100)
    (tmp_path / "secret.txt").write_text("not theirs")
    (folder / "sidorovpetr_1003_5003_notes.txt").symlink_to(tmp_path / "secret.txt")
    assert lms.detect(folder) == "canvas" and lms.detect(tmp_path / "nothing") is None
    monkeypatch.setattr(lms, "ZIP_MAX_BYTES", 100)
    bulk = lms.prepare(folder)
    try:
        assert (bulk.folder / "ivanovivan_1001" / "tcp_server.py").read_text() == "x = 1\n"
        assert not (bulk.folder / "sidorovpetr_1003").exists(), "a link is not followed"
        assert bulk.too_big == {"petrovaanna_1002"}
    finally:
        bulk.remove()


def test_canvas_import_keeps_the_export_and_has_a_grade_for_every_submitter(canvas):
    assert canvas["code"] == 0, canvas["text"]
    rows = read_back(canvas["out"] / "canvas.csv")
    header = rows[0]
    assert header == next(csv.reader(io.StringIO(CANVAS_EXPORT))), "the export's columns, as they were"
    assert rows[1][0].strip() == "Points Possible" and rows[1][header.index("Чат (77)")] == "100"
    by_id = {row[header.index("ID")]: dict(zip(header, row)) for row in rows[2:]}
    assert by_id["1001"]["Чат (77)"] == "100" and by_id["1002"]["Чат (77)"] == "66"
    assert by_id["1003"]["Чат (77)"] == "0", "no submission: 0, as for roster.csv"
    assert by_id["1001"]["Домашка (70)"] == "9", "other assignments unchanged"
    grades = {row["id"]: row for row in csv.DictReader(io.StringIO(
        (canvas["out"] / "grades.csv").read_text(encoding="utf-8-sig")), delimiter=";")}
    assert say("lms.late", "ru") in grades["s1002"]["status"] and say("lms.late", "ru") not in grades["s1001"]["status"]
    assert "chatkit-bulk" not in canvas["text"], "rows name submissions.zip, never the staging folder"
    assert "Canvas" in canvas["text"] and "(" in canvas["text"]


# --- Moodle -----------------------------------------------------------------------------------------

MOODLE_EXPORT = (
    "First name,Last name,ID number,Institution,Department,Email address,Assignment: Чат (Real),"
    "Last downloaded from this course\n"
    "Иван,Иванов,1001,,,Ivanov@Uni.ru,-,1700000000\n"
    "Анна,Петрова,,,,petrova@uni.ru,-,1700000000\n"
    "Пётр,Сидоров,,,,,-,1700000000\n")


@pytest.fixture(scope="module")
def moodle(tmp_path_factory):
    root = tmp_path_factory.mktemp("moodle")
    download = root / "download"
    for who, pid, source in (("Иван Иванов", 301, SOLUTIONS), ("Анна Петрова", 302, ECHO),
                             ("Пётр Сидоров", 303, SOLUTIONS)):
        folder = download / f"{who}_{pid}_assignsubmission_file_"
        folder.mkdir(parents=True)
        for path in modules(source):
            (folder / path.name).write_bytes(path.read_bytes())
    (download / "Анна Петрова_302_assignsubmission_onlinetext_").mkdir()
    (download / "Анна Петрова_302_assignsubmission_onlinetext_" / "onlinetext.html").write_text("<p>готово</p>")
    (root / "export.csv").write_text(MOODLE_EXPORT, encoding="utf-8")
    worksheet = ("Identifier,Full name,Email address,Status,Grade,Maximum Grade,Grade can be changed,"
                 "Last modified (submission),Last modified (grade),Feedback comments\n"
                 "Participant 301,Иван Иванов,Ivanov@Uni.ru,Submitted,,100.00,Yes,-,-,\n"
                 "Participant 302,Анна Петрова,petrova@uni.ru,Submitted,,100.00,Yes,-,-,\n"
                 "Participant 303,Пётр Сидоров,,Submitted,,100.00,Yes,-,-,\n")
    (root / "worksheet.csv").write_text(worksheet, encoding="utf-8")
    out = root / "out"
    code, text = run_batch(download, "--csv", out / "grades.csv", "--roster", root / "export.csv",
                           "--moodle", out / "moodle.csv", "--assignment", "Чат")
    code2, text2 = run_batch(download, "--csv", out / "grades2.csv", "--roster", root / "worksheet.csv",
                             "--moodle", out / "worksheet.csv", "--assignment", "Чат")
    return {"root": root, "out": out, "code": code, "text": text, "code2": code2, "text2": text2}


def moodle_import(rows, identifier):
    """Moodle's CSV grade import, line by line: a blank identifier is the previous line's student,
    an empty grade cell clears the grade."""
    header, grades, student = rows[0], {}, None
    for row in rows[1:]:
        line = dict(zip(header, row))
        student = line[identifier] or student
        value = line[header[-2]]
        grades[student] = None if value in ("", "-") else float(value)
    return grades


def test_moodle_download_all_matched_to_the_grades_export(moodle):
    assert moodle["code"] == 0, moodle["text"]
    rows = read_back(moodle["out"] / "moodle.csv")
    assert rows[0] == ["First name", "Last name", "ID number", "Email address", "Assignment: Чат (Real)", "Feedback"]
    grades = moodle_import(rows, "Email address")
    assert grades == {"Ivanov@Uni.ru": 100.0, "petrova@uni.ru": 66.0}, "e-mail exactly as Moodle spells it"
    assert all(row[3] or row[2] for row in rows[1:]), "never a line without an identifier"
    assert say("gradebook.moodle.nameless", "ru", column="Email address", students="Пётр Сидоров") in moodle["text"]
    assert say("gradebook.moodle.map", "ru", column="Email address") in moodle["text"]


def test_moodle_worksheet_comes_back_with_grades_by_participant(moodle):
    assert moodle["code2"] == 0, moodle["text2"]
    rows = read_back(moodle["out"] / "worksheet.csv")
    header = rows[0]
    by_id = {row[0]: dict(zip(header, row)) for row in rows[1:]}
    assert by_id["Participant 301"]["Grade"] == "100" and by_id["Participant 302"]["Grade"] == "66"
    assert by_id["Participant 303"]["Grade"] == "100", "the worksheet matches by participant, e-mail or not"
    assert "1.8" in by_id["Participant 302"]["Feedback comments"]


# --- the Moodle file never clears or misassigns a grade --------------------------------------------

class FakeResult:
    def __init__(self, score):
        self.score, self.checks = score, []
        self.tracks = {"tcp": {"score": score, "state": "graded"}, "udp": {"score": 0, "state": "graded"}}


class FakeRow:
    def __init__(self, student, status="graded", score=None):
        self.student, self.status, self.note = student, status, ""
        self.result = FakeResult(score) if score is not None else None

    def status_text(self, lang):
        return say(f"batch.status.{self.status}", lang)


def test_a_grader_fault_keeps_its_score_and_is_named_and_a_scoreless_row_stays_out(tmp_path):
    (tmp_path / "roster.csv").write_text(
        "folder,name,id,email\na,Аня,1,a@x.ru\nb,Боря,2,b@x.ru\nc,Вера,,\nd,Гоша,4,d@x.ru\n", encoding="utf-8")
    roster = gradebooks.load_roster(tmp_path / "roster.csv")
    rows = [FakeRow("a", "grader_fault", 63), FakeRow("b", "grader_fault"), FakeRow("c", score=90), FakeRow("d", score=50)]
    outcome = gradebooks.write_gradebooks(rows, None, "ru", roster, None, tmp_path / "canvas.csv", tmp_path / "moodle.csv")
    grades = moodle_import(read_back(tmp_path / "moodle.csv"), "Email address")
    assert grades == {"a@x.ru": 63.0, "d@x.ru": 50.0}, "no empty cell, no blank identifier"
    canvas = {row[0]: row[-1] for row in read_back(tmp_path / "canvas.csv")[1:]}
    assert canvas["Аня"] == "63", "a grade that exists is never dropped"
    text = "\n".join(outcome.warnings)
    assert say("gradebook.rerun", "ru", students="a, b") in text
    assert say("gradebook.moodle.unknown", "ru", students="Боря") in text
    assert say("gradebook.moodle.nameless", "ru", column="Email address", students="Вера") in text
    assert oct(os.stat(tmp_path / "moodle.csv").st_mode & 0o777) == oct(gradebooks.user_mode())


# --- feedback pages and the overview picture --------------------------------------------------------

def scored_row(student="anya", status="graded"):
    from grader.engine.runner import Options, score
    from grader.tools.batch.grading import Row
    from grader.engine.outcome import Outcome
    checks = [Outcome(c.id, "failed" if c.id == "tcp.server.no_echo" else "passed", reason="x")
              for c in rubric.checks()]
    result = score(KIT / "tests" / "corpus" / "lecture_style", checks, Options(lang="en"), 1.0)
    return Row(student, KIT, status, "", result)


def test_feedback_pages_open_with_title_and_score_and_explain_russian_phrases_in_english():
    import html as htmlmod
    import re
    from grader.tools.batch import files
    row = scored_row()
    score_line = say("batch.feedback_score", "en", score="94", tcp="94", udp="0").replace("**", "")
    page = " ".join(htmlmod.unescape(re.sub(r"<[^>]+>", "", files.feedback_html(row, "en"))).split())
    title = say("batch.feedback_title", "en", student="anya")
    assert f"<title>{title}</title>" in files.feedback_html(row, "en")
    check_text = rubric.BY_ID["tcp.server.no_echo"].text("en")
    assert page.index(title) < page.index(score_line) < page.index(check_text), "title, score, then the report"
    assert files.protocol_note("en") in page
    markdown = files.feedback_markdown(row, "en")
    assert markdown.startswith("# " + title) and files.protocol_note("en") in markdown
    assert files.protocol_note("ru") in files.feedback_markdown(row, "ru")


def test_the_overview_picture_counts_students_in_whole_numbers_with_labelled_axes():
    from grader.tools import overview
    rows = [scored_row("a"), scored_row("b"), scored_row("c")]
    figure = overview.overview_figure(rows, "en")
    if figure is None:
        pytest.skip("matplotlib (the plot extra) is not installed: the overview writes no PNG")
    left, right = figure.axes
    figure.canvas.draw()
    assert all(float(t).is_integer() for t in left.get_yticks()), left.get_yticks()
    assert left.get_ylabel() == say("overview.axis.students", "en") and left.get_xlabel()
    assert right.get_xlabel() == say("overview.axis.passed", "en") and right.get_ylabel()


# --- two files that could be the server; a student handed in twice ---------------------------------

DRAFT_SERVER = ("import socket\n\nserver = socket.socket()\nserver.bind(('127.0.0.1', 0))\nserver.listen()\n"
                "connection, address = server.accept()\nprint(connection.recv(1024))\n")


@pytest.fixture(scope="module")
def candidates(tmp_path_factory):
    root = tmp_path_factory.mktemp("candidates")
    subs = root / "subs"
    two = subs / "two_servers"
    two.mkdir(parents=True)
    (two / "server.py").write_bytes((SOLUTIONS / "tcp_server.py").read_bytes())
    (two / "server_draft.py").write_text(DRAFT_SERVER, encoding="utf-8")
    (two / "client.py").write_bytes((SOLUTIONS / "tcp_client.py").read_bytes())
    twins = subs / "twins"
    twins.mkdir()
    for name in ("a.py", "b.py"):
        (twins / name).write_bytes((SOLUTIONS / "tcp_server.py").read_bytes())
    (twins / "client.py").write_bytes((SOLUTIONS / "tcp_client.py").read_bytes())
    for name in modules(ECHO):
        (subs / "anya").mkdir(exist_ok=True)
        (subs / "anya" / name.name).write_bytes(name.read_bytes())
    with zipfile.ZipFile(subs / "anya.zip", "w") as archive:
        for path in modules(SOLUTIONS):
            archive.write(path, path.name)
    out = root / "out"
    code, text = run_batch(subs, "--csv", out / "grades.csv", "--overview", out / "overview.html", "--lang", "en")
    rows = {row["student"]: row for row in csv.DictReader(io.StringIO((out / "grades.csv").read_text("utf-8-sig")))}
    return {"code": code, "text": text, "rows": rows, "out": out}


def test_of_two_server_candidates_the_one_doing_the_work_is_graded_and_both_are_named(candidates):
    assert candidates["code"] == 0, candidates["text"]
    row = candidates["rows"]["two_servers"]
    assert row["score"] == "100", row
    assert "server.py" in row["status"] and "server_draft.py" in row["status"] and "--tcp-server" in row["status"]


def test_two_equal_candidates_are_named_in_the_row_with_what_to_do(candidates):
    row = candidates["rows"]["twins"]
    assert "a.py, b.py" in row["status"] and "--tcp-server" in row["status"], row
    assert '--roles FILE, e.g. {"twins": {"tcp-server": "a.py"}}' in row["status"], "how to choose in a batch"


def test_a_student_handed_in_twice_is_said_once_and_counted_once(candidates):
    text = " ".join(candidates["text"].split())
    sentence = say("batch.duplicate", "en", entries="anya, anya.zip", rows="anya, anya (2)")
    assert text.count(sentence) == 1, candidates["text"]
    page = (candidates["out"] / "overview.html").read_text(encoding="utf-8")
    assert say("overview.title", "en", count=3) in page, "anya counts once: two_servers, twins, anya"


def test_a_russian_moodle_site_s_worksheet_and_export_are_read_by_their_russian_columns(tmp_path):
    ru = {column: say("lms.moodle." + column.replace(" ", "_"), "ru") for column in gradebooks.MOODLE_COLUMNS}
    worksheet = tmp_path / "worksheet.csv"
    worksheet.write_text(",".join([ru["identifier"], ru["full name"], ru["email address"], ru["grade"],
                                   ru["feedback comments"]]) + "\n" + "Участник 301,Иван Иванов,i@x.ru,,\n",
                         encoding="utf-8")
    bulk = lms.Bulk("moodle", tmp_path, {"Иван Иванов_301": "301"}, {"Иван Иванов_301": "Иван Иванов"}, set())
    roster = gradebooks.load_roster(worksheet)
    assert roster.kind == "worksheet" and roster.students[0].key == "301"
    rows = read_back_rows(gradebooks.moodle_rows([FakeRow("Иван Иванов_301", score=90)], roster, "Чат", "ru", bulk))
    assert rows[0][ru["grade"]] == "90" and rows[0][ru["feedback comments"]].startswith("Итог: 90")
    export = tmp_path / "export.csv"
    export.write_text(",".join([ru["first name"], ru["last name"], ru["id number"], ru["email address"],
                                "Задание: Чат (Значение)"]) + "\nИван,Иванов,7,i@x.ru,-\n", encoding="utf-8")
    roster = gradebooks.load_roster(export)
    assert roster.kind == "moodle"
    rows = read_back_rows(gradebooks.moodle_rows([FakeRow("Иван Иванов_301", score=90)], roster, "Чат", "ru", bulk))
    assert rows == [{ru["first name"]: "Иван", ru["last name"]: "Иванов", ru["id number"]: "7",
                     ru["email address"]: "i@x.ru", "Задание: Чат (Значение)": "90", "Feedback": rows[0]["Feedback"]}]


def read_back_rows(table):
    header, *lines = table
    return [dict(zip(header, line)) for line in lines]


def test_the_moodle_file_has_one_identifier_filled_on_every_line(tmp_path):
    """No e-mails but every ID number: the file is keyed by ID number and says so, so that
    Moodle's importer never meets a blank identifier (the line above's student)."""
    (tmp_path / "roster.csv").write_text("folder,name,id,email\na,Аня,1,\nb,Боря,2,b@x.ru\n", encoding="utf-8")
    roster = gradebooks.load_roster(tmp_path / "roster.csv")
    outcome = gradebooks.write_gradebooks([FakeRow("a", score=70), FakeRow("b", score=80)], None, "en", roster,
                                          moodle=tmp_path / "moodle.csv")
    assert moodle_import(read_back(tmp_path / "moodle.csv"), "ID number") == {"1": 70.0, "2": 80.0}
    assert say("gradebook.moodle.map", "en", column="ID number") in outcome.warnings
