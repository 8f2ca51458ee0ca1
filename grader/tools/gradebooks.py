"""Gradebooks that the LMSs import as they are: `python -m grader batch ... --roster R --canvas F --moodle F`.

--roster roster.csv  maps the folder names of SUBMISSIONS to students: columns `folder`,
                     `name`, `id`, `email` (any order, `,` `;` or tab); every other column is
                     kept and copied into the batch CSV. A roster student without a folder
                     gets a row with 0 and the status "no submission"; a folder that is not in
                     the roster keeps its row in the batch CSV (no name, no id) and is listed
                     in the terminal, never dropped. The LMS files hold roster students only,
                     as an LMS cannot import a row it cannot match.

--canvas FILE        Canvas's gradebook import (Grades → Import): the columns Student, ID,
                     SIS User ID, SIS Login ID, Section, then one column "<assignment> (<id>)";
                     Canvas matches a row by ID, then SIS User ID, then SIS Login ID. From the
                     roster: ID = `canvas_id` if the roster has it; SIS User ID = `sis_user_id`,
                     else `id`; SIS Login ID = `sis_login_id`, else `email`; Section = `section`.
                     Without --assignment-id the column has no "(id)" and Canvas offers to
                     create a new assignment of that name.
--moodle FILE        Moodle's grade import (Grades → Import → CSV file): columns Email address,
                     ID number, Full name, the grade and its feedback. In Moodle's import form
                     map "Email address" (or "ID number") to the user field of that name, the
                     grade column to the assignment and "Feedback" to its feedback.

A row whose grading failed in the grader itself has an empty grade (an empty cell changes
nothing on import) and says so: grade it again rather than import a 0.
"""
import csv
import dataclasses
import io
import os
import tempfile
from pathlib import Path

from grader.engine import rubric
from grader.messages import say
from grader.engine.submission import UsageError

REQUIRED = ("folder", "name", "id", "email")
NO_SUBMISSION = "no_submission"
NOT_IN_ROSTER = "not_in_roster"


def _batch():
    """The batch's statuses (grading.py) and its gradebook rows (files.py), imported late: the
    batch's command imports us."""
    import types

    from grader.tools.batch import files, grading
    return types.SimpleNamespace(GRADED=grading.GRADED, GRADER_FAULT=grading.GRADER_FAULT,
                                 NOT_OPENED=grading.NOT_OPENED, number=files.number, csv_rows=files.csv_rows)


@dataclasses.dataclass
class Student:
    folder: str
    name: str
    id: str
    email: str
    extra: dict


@dataclasses.dataclass
class Roster:
    students: list
    extra_columns: list

    def by_folder(self):
        return {student.folder.casefold(): student for student in self.students}


def load_roster(path, lang="ru"):
    """Read roster.csv; a problem with it is one UsageError sentence (nothing is graded yet)."""
    path = Path(path)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise UsageError(say("gradebook.roster.missing", lang, path=path)) from None
    except (OSError, UnicodeDecodeError) as error:
        raise UsageError(say("gradebook.roster.unreadable", lang, path=path,
                             error=getattr(error, "strerror", None) or error)) from None
    first = text.splitlines()[0] if text.strip() else ""
    delimiter = max((",", ";", "\t"), key=first.count)
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    columns = [(column or "").strip() for column in (reader.fieldnames or [])]
    lower = [column.casefold() for column in columns]
    absent = [column for column in REQUIRED if column not in lower]
    if absent:
        raise UsageError(say("gradebook.roster.columns", lang, path=path, columns=", ".join(absent)))
    reader.fieldnames = lower
    extra_columns = [column for column, low in zip(columns, lower) if low not in REQUIRED]
    students, seen = [], set()
    for line, record in enumerate(reader, start=2):
        record = {key: (value or "").strip() for key, value in record.items() if key is not None}
        if not any(record.values()):
            continue
        folder = record.get("folder", "")
        if not folder:
            raise UsageError(say("gradebook.roster.no_folder", lang, path=path, line=line))
        if folder.casefold() in seen:
            raise UsageError(say("gradebook.roster.duplicate", lang, path=path, line=line, folder=folder))
        seen.add(folder.casefold())
        students.append(Student(folder, record.get("name", ""), record.get("id", ""), record.get("email", ""),
                                {column: record.get(column.casefold(), "") for column in extra_columns}))
    if not students:
        raise UsageError(say("gradebook.roster.empty", lang, path=path))
    return Roster(students, extra_columns)


def join(rows, roster):
    """[(student or None, row or None)]: roster order first, then folders not in the roster."""
    by_name = {row.student.casefold(): row for row in rows}
    joined, used = [], set()
    for student in roster.students:
        row = by_name.get(student.folder.casefold())
        if row is not None:
            used.add(row.student.casefold())
        joined.append((student, row))
    strays = [row for row in rows if row.student.casefold() not in used]
    joined += [(None, row) for row in strays]
    return joined, strays


def grade_of(row):
    """The grade an LMS gets: the score; 0 for no submission or one that did not open; None
    (an empty cell) when the grader failed and the row must be graded again."""
    GRADER_FAULT, NOT_OPENED = _batch().GRADER_FAULT, _batch().NOT_OPENED
    if row is None:
        return 0
    if row.status == GRADER_FAULT:
        return None
    if row.result is None:
        return 0 if row.status == NOT_OPENED else None
    return row.result.score


def status_of(row, lang):
    return say("gradebook.status.no_submission", lang) if row is None else row.status_text(lang)


def feedback_of(row, lang):
    """One short paragraph for the LMS's feedback field."""
    from grader.report.terminal import number_of
    GRADED, number = _batch().GRADED, _batch().number
    if row is None or row.result is None:
        return status_of(row, lang)
    result = row.result
    parts = [say("gradebook.feedback.score", lang, score=number(result.score),
                 tcp=number(result.tracks["tcp"]["score"]), udp=number(result.tracks["udp"]["score"]))]
    failed = [f"{number_of(r['id'])} {rubric.BY_ID[r['id']].text(lang)}" for r in result.checks
              if r["status"] == "failed" and result.tracks[rubric.BY_ID[r["id"]].track]["state"] == "graded"
              and rubric.BY_ID[r["id"]].tier == "default"]
    if failed:
        parts.append(say("gradebook.feedback.failed", lang, checks="; ".join(failed)))
    if row.status != GRADED:
        parts.append(row.status_text(lang))
    return " ".join(parts)


def _cell(value):
    return "" if value is None else _batch().number(value)


def _write(path, rows, sep=",", bom=True):
    """Write a CSV atomically (UTF-8, with a BOM unless told otherwise)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=".gradebook-", suffix=".csv", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8-sig" if bom else "utf-8", newline="") as out:
            csv.writer(out, delimiter=sep).writerows(rows)
        os.replace(temporary, path)
    except OSError:
        Path(temporary).unlink(missing_ok=True)
        raise


def roster_csv_rows(rows, roster, options, lang):
    """The batch CSV with the roster's columns in front: one row per roster student (with or
    without a submission) and one per folder the roster does not name."""
    table = list(_batch().csv_rows(rows, options, lang))
    header, body = table[0], {row.student: line for row, line in zip(rows, table[1:])}
    width = len(header)
    out = [["name", "id", "email", *roster.extra_columns, *header]]
    joined, _ = join(rows, roster)
    for student, row in joined:
        if row is not None:
            line = list(body[row.student])
            if student is None:
                line[header.index("status")] += f" ({say('gradebook.status.not_in_roster', lang)})"
        else:
            line = [student.folder, "0", "0", "0", "", "", status_of(None, lang)] + [""] * (width - 7)
        front = ([student.name, student.id, student.email, *(student.extra[c] for c in roster.extra_columns)]
                 if student else [""] * (3 + len(roster.extra_columns)))
        out.append(front + line)
    return out


def canvas_rows(rows, roster, assignment, assignment_id=None):
    column = f"{assignment} ({assignment_id})" if assignment_id else assignment
    out = [["Student", "ID", "SIS User ID", "SIS Login ID", "Section", column]]
    joined, _ = join(rows, roster)
    for student, row in joined:
        if student is None:
            continue
        extra = {key.casefold(): value for key, value in student.extra.items()}
        out.append([student.name, extra.get("canvas_id", ""), extra.get("sis_user_id") or student.id,
                    extra.get("sis_login_id") or student.email, extra.get("section", ""), _cell(grade_of(row))])
    return out


def moodle_rows(rows, roster, assignment, lang):
    out = [["Email address", "ID number", "Full name", assignment, "Feedback"]]
    joined, _ = join(rows, roster)
    for student, row in joined:
        if student is None:
            continue
        out.append([student.email, student.id, student.name, _cell(grade_of(row)), feedback_of(row, lang)])
    return out


def write_gradebooks(rows, options, lang, roster=None, csv_path=None, canvas=None, moodle=None,
                     assignment="Chat", assignment_id=None, sep=","):
    """Write what was asked for; returns the folders that are not in the roster."""
    strays = []
    if roster is not None:
        _, strays = join(rows, roster)
        if csv_path:
            _write(csv_path, roster_csv_rows(rows, roster, options, lang), sep)
    if canvas:
        _write(canvas, canvas_rows(rows, roster, assignment, assignment_id), ",", bom=False)
    if moodle:
        _write(moodle, moodle_rows(rows, roster, assignment, lang), ",", bom=False)
    return strays
