"""Gradebooks that the LMSs import as they are: `python -m grader batch ... --roster R --canvas F --moodle F`.

--roster FILE        the class list: the LMS's own export or the kit's roster.csv (lms_roster()):
                     - Canvas's gradebook export (Student, ID, SIS User ID, SIS Login ID, Section,
                       the assignments, a "Points Possible" row): a Canvas bulk download is
                       matched by ID (the userid of its file names);
                     - Moodle's grading worksheet (Identifier "Participant 123", Full name, …):
                       a Moodle download is matched by participant id;
                     - Moodle's grades export (First name, Last name, ID number, Email address, …):
                       it has no participant id, so a Moodle download is matched by full name;
                     - roster.csv: columns `folder`, `name`, `id`, `email` (any order, `,` `;` or
                       tab), every other column kept and copied into the batch CSV.
                     A plain folder of entries is matched by folder name (roster.csv) or by a
                     name equal to one of the export's identifiers. Two students the list cannot
                     tell apart are never guessed. A roster student without a submission gets a
                     row with 0 and the status "no submission"; a folder that is not in the
                     roster keeps its row in the batch CSV (no name, no id) and is listed in the
                     terminal, never dropped. The LMS files hold roster students only.

--canvas FILE        Canvas's gradebook import (Grades → Import). From Canvas's export: the export
                     itself, its columns, "Points Possible" row and student lines as they were,
                     the assignment's cell set where the kit has a grade. From roster.csv: the
                     columns Student, ID, SIS User ID, SIS Login ID, Section, "<assignment> (<id>)".
--moodle FILE        From Moodle's grading worksheet: the worksheet with Grade (and Feedback
                     comments) filled. Otherwise Moodle's CSV grade import: identifiers, the
                     grade and Feedback, never a line that could clear a grade or land on
                     another student (see moodle_rows).

A row the grader faulted on keeps the points it earned (grade_of) and is named for a re-run;
only a row with no score at all (its grading raised) has no grade, and it is never written as
an empty cell an LMS would read as "no grade".
"""
import csv
import dataclasses
import io
import os
import re
import tempfile
from pathlib import Path

from grader.engine import rubric
from grader.messages import say
from grader.engine.submission import UsageError

REQUIRED = ("folder", "name", "id", "email")


def _batch():
    """The batch's statuses (grading.py) and its gradebook rows (files.py), imported late: the
    batch's command imports us."""
    import types

    from grader.tools.batch import files, grading
    return types.SimpleNamespace(GRADED=grading.GRADED, GRADER_FAULT=grading.GRADER_FAULT,
                                 NOT_OPENED=grading.NOT_OPENED, number=files.number, csv_rows=files.csv_rows,
                                 for_excel=files.for_excel)


@dataclasses.dataclass
class Student:
    folder: str
    name: str
    id: str
    email: str
    extra: dict
    key: str = ""                # the id a bulk download carries (Canvas user id, Moodle participant id)
    aliases: tuple = ()          # what a plain folder may be named after (an LMS export has no folder column)
    line: list | None = None     # the LMS export's own row, written back as it was but for the grade


@dataclasses.dataclass
class Roster:
    students: list
    extra_columns: list
    kind: str = "kit"            # "kit" (roster.csv), "canvas", "moodle" (grades export), "worksheet"
    header: list = dataclasses.field(default_factory=list)     # an LMS export's own columns
    specials: list = dataclasses.field(default_factory=list)   # Canvas's "Points Possible" (and other non-student) rows, kept as they are

    def by_folder(self):
        return {student.folder.casefold(): student for student in self.students}


def _roster_text(path, lang):
    """The roster file's text (UTF-8, a BOM or not); a missing or unreadable file is a UsageError."""
    try:
        return path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise UsageError(say("gradebook.roster.missing", lang, path=path)) from None
    except (OSError, UnicodeDecodeError) as error:
        raise UsageError(say("gradebook.roster.unreadable", lang, path=path,
                             error=getattr(error, "strerror", None) or error)) from None


def _roster_student(record, line, seen, extra_columns, path, lang):
    """One line of roster.csv as a Student (None for a blank line); a line without a folder,
    or with one named before, is a UsageError."""
    record = {key: (value or "").strip() for key, value in record.items() if key is not None}
    if not any(record.values()):
        return None
    folder = record.get("folder", "")
    if not folder:
        raise UsageError(say("gradebook.roster.no_folder", lang, path=path, line=line))
    if folder.casefold() in seen:
        raise UsageError(say("gradebook.roster.duplicate", lang, path=path, line=line, folder=folder))
    seen.add(folder.casefold())
    return Student(folder, record.get("name", ""), record.get("id", ""), record.get("email", ""),
                   {column: record.get(column.casefold(), "") for column in extra_columns})


def _kit_roster(text, delimiter, path, lang):
    """The kit's roster.csv: folder, name, id, email in any order, every other column kept."""
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    columns = [(column or "").strip() for column in (reader.fieldnames or [])]
    lower = [column.casefold() for column in columns]
    absent = [column for column in REQUIRED if column not in lower]
    if absent:
        raise UsageError(say("gradebook.roster.columns", lang, path=path, columns=", ".join(absent)))
    reader.fieldnames = lower
    extra_columns = [column for column, low in zip(columns, lower) if low not in REQUIRED]
    seen: set = set()
    students = [student for line, record in enumerate(reader, start=2)
                for student in [_roster_student(record, line, seen, extra_columns, path, lang)] if student]
    return Roster(students, extra_columns)


def load_roster(path, lang="ru"):
    """Read roster.csv; a problem with it is one UsageError sentence (nothing is graded yet)."""
    path = Path(path)
    text = _roster_text(path, lang)
    first = text.splitlines()[0] if text.strip() else ""
    delimiter = max((",", ";", "\t"), key=first.count)
    roster = lms_roster(text, delimiter)
    if roster is None:
        roster = _kit_roster(text, delimiter, path, lang)
    if not roster.students:
        raise UsageError(say("gradebook.roster.empty", lang, path=path))
    return roster


def _fold(text):
    return " ".join((text or "").split()).casefold()


# Moodle names its export's columns in the site's language: each column's name in every
# language of the catalogue ("lms.moodle.<column>") reads as the English one.
MOODLE_COLUMNS = ("first name", "last name", "id number", "email address", "identifier", "full name", "grade",
                  "feedback comments")


def canonical_columns(header):
    """The header cased down, Moodle's Russian column names read as their English ones."""
    from grader.messages import LANGUAGES
    names = {say("lms.moodle." + column.replace(" ", "_"), lang).casefold(): column
             for column in MOODLE_COLUMNS for lang in LANGUAGES}
    return [names.get(cell.strip().casefold(), cell.strip().casefold()) for cell in header]


class _Export:
    """An LMS export's table: its header, the header read (canonical_columns), the non-blank rows
    padded to the header's width."""

    def __init__(self, table):
        self.header = [(cell or "").strip() for cell in table[0]]
        self.lower = canonical_columns(self.header)
        self.body = [row + [""] * (len(self.header) - len(row)) for row in table[1:] if any(c.strip() for c in row)]

    def has(self, *names):
        return set(names) <= set(self.lower)

    def cell(self, row, name):
        index = self.lower.index(name) if name in self.lower else None
        return (row[index] if index is not None and index < len(row) else "").strip()


def _is_canvas_export(export):
    return export.has("student", "id", "sis login id") or export.has("student", "id", "section")


def _canvas_roster(export):
    """Canvas's gradebook export: a student per row with an ID; the others kept as they are."""
    students, specials = [], []
    for row in export.body:
        if not export.cell(row, "id"):
            specials.append(row)
            continue
        name, canvas_id = export.cell(row, "student"), export.cell(row, "id")
        sis, login = export.cell(row, "sis user id"), export.cell(row, "sis login id")
        students.append(Student(name, name, sis, login, {"section": export.cell(row, "section")}, canvas_id,
                                tuple(a for a in (canvas_id, sis, login, name) if a), row))
    return Roster(students, [], "canvas", export.header, specials)


def _worksheet_roster(export):
    """Moodle's grading worksheet: matched by the participant id in its Identifier."""
    students = []
    for row in export.body:
        number = re.sub(r"\D", "", export.cell(row, "identifier"))
        name, email = export.cell(row, "full name"), export.cell(row, "email address")
        students.append(Student(name, name, "", email, {}, number,
                                tuple(a for a in (number, email, name) if a), row))
    return Roster(students, [], "worksheet", export.header)


def _moodle_export_roster(export):
    """Moodle's grades export: no participant id, so keyed by the full name."""
    students = []
    for row in export.body:
        name = f"{export.cell(row, 'first name')} {export.cell(row, 'last name')}".strip()
        number, email = export.cell(row, "id number"), export.cell(row, "email address")
        students.append(Student(name, name, number, email, {}, _fold(name),
                                tuple(a for a in (email, number, name) if a), row))
    return Roster(students, [], "moodle", export.header)


def lms_roster(text, delimiter):
    """A Roster from an LMS's own export, or None when the file is the kit's roster.csv.

    Canvas gradebook export: Student, ID, SIS User ID, SIS Login ID, Section, assignments;
    rows without an ID ("Points Possible", "Manual Posting") are kept as they are. Moodle
    grades export: First name, Last name, ID number, Email address, …; Moodle grading
    worksheet: Identifier ("Participant 123"), Full name, Email address, Grade, …"""
    table = [row for row in csv.reader(io.StringIO(text), delimiter=delimiter)]
    if not table:
        return None
    export = _Export(table)
    if _is_canvas_export(export):
        return _canvas_roster(export)
    if export.has("identifier", "full name"):
        return _worksheet_roster(export)
    if export.has("first name", "last name", "email address"):
        return _moodle_export_roster(export)
    return None


def _matcher(roster, bulk):
    """row -> Student or None; and the rows no student could be given to without a guess."""
    if roster.kind == "kit":
        by_folder = roster.by_folder()
        return lambda row: by_folder.get(row.student.casefold()), set()
    counts: dict = {}
    index: dict = {}
    for student in roster.students:
        for alias in {_fold(a) for a in student.aliases} | ({student.key} if bulk else set()):
            counts[alias] = counts.get(alias, 0) + 1
            index[alias] = student
    ambiguous = {alias for alias, count in counts.items() if count > 1}

    def find(row):
        wanted = []
        if bulk is not None and row.student in bulk.keys:
            if roster.kind == "moodle":        # the grades export has no participant id: the full name
                wanted.append(_fold(bulk.names[row.student]))
            elif bulk.kind == ("canvas" if roster.kind == "canvas" else "moodle"):
                wanted.append(bulk.keys[row.student])
            else:
                wanted.append(_fold(bulk.names[row.student]))
        wanted.append(_fold(row.student))
        for alias in wanted:
            if alias in ambiguous:
                return None
            if alias in index:
                return index[alias]
        return None
    return find, ambiguous


def join(rows, roster, bulk=None):
    """[(student or None, row or None)]: roster order first, then folders not in the roster."""
    find, _ = _matcher(roster, bulk)
    given = {}
    for row in rows:
        student = find(row)
        if student is not None and id(student) not in given:
            given[id(student)] = row
    joined = [(student, given.get(id(student))) for student in roster.students]
    used = {id(row) for row in given.values()}
    strays = [row for row in rows if id(row) not in used]
    joined += [(None, row) for row in strays]
    return joined, strays


def grade_of(row):
    """The grade an LMS gets: the score whenever there is one (a row the grader faulted on keeps
    the points it earned, and is named for a re-run); 0 for no submission or one that did not
    open; None only when there is no score at all (the grading itself raised)."""
    NOT_OPENED = _batch().NOT_OPENED
    if row is None:
        return 0
    if row.result is not None:
        return row.result.score
    return 0 if row.status == NOT_OPENED else None


def needs_rerun(row):
    return row is not None and row.status == _batch().GRADER_FAULT


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
    failed = [f"{number_of(r.id)} {rubric.BY_ID[r.id].text(lang)}" for r in result.checks
              if r.status == "failed" and result.tracks[rubric.BY_ID[r.id].track]["state"] == "graded"
              and rubric.BY_ID[r.id].tier == "default"]
    if failed:
        parts.append(say("gradebook.feedback.failed", lang, checks="; ".join(failed)))
    if row.status != GRADED:
        parts.append(row.status_text(lang))
    return " ".join(parts)


def _cell(value):
    return "" if value is None else _batch().number(value)


def _write(path, rows, sep=",", bom=True):
    """Write a CSV atomically (UTF-8, with a BOM unless told otherwise), readable as any file
    the user makes (the umask's mode, not mkstemp's 0600)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=".gradebook-", suffix=".csv", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8-sig" if bom else "utf-8", newline="") as out:
            csv.writer(out, delimiter=sep).writerows(_batch().for_excel(rows, sep))
        os.chmod(temporary, user_mode())
        os.replace(temporary, path)
    except OSError:
        Path(temporary).unlink(missing_ok=True)
        raise


def user_mode():
    """The mode open() gives a new file under the current umask (0o644 under the usual 022)."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


@dataclasses.dataclass
class Outcome:
    """What write_gradebooks did that the instructor must hear about, one sentence each."""
    strays: list
    warnings: list


def roster_csv_rows(rows, roster, options, lang, bulk=None):
    """The batch CSV with the roster's columns in front: one row per roster student (with or
    without a submission) and one per folder the roster does not name."""
    table = list(_batch().csv_rows(rows, options, lang))
    header, body = table[0], {row.student: line for row, line in zip(rows, table[1:])}
    width = len(header)
    out = [["name", "id", "email", *roster.extra_columns, *header]]
    joined, _ = join(rows, roster, bulk)
    status = header.index("status")
    for student, row in joined:
        if row is not None:
            line = list(body[row.student])
            if student is None:
                line[status] += f" ({say('gradebook.status.not_in_roster', lang)})"
        else:
            line = [student.folder] + [""] * (width - 1)
            for column in ("tcp", "udp", "score"):
                line[header.index(column)] = "0"
            line[status] = status_of(None, lang)
        front = ([student.name, student.id, student.email, *(student.extra[c] for c in roster.extra_columns)]
                 if student else [""] * (3 + len(roster.extra_columns)))
        out.append(front + line)
    return out


def _assignment_column(header, assignment, assignment_id):
    """The export's column of this assignment ("Чат (77)", "Assignment: Чат (Real)"), or None."""
    for index, column in enumerate(header):
        name = column.strip()
        if assignment_id and name.endswith(f"({assignment_id})"):
            return index
        if name == assignment or name.startswith(f"{assignment} ("):
            return index
        if re.fullmatch(rf"[^:]+: {re.escape(assignment)} \(.+\)", name):   # Moodle's "Assignment: Чат (Real)"
            return index
    return None


def canvas_rows(rows, roster, assignment, assignment_id=None, bulk=None, lang="ru", warnings=None):
    """Canvas's gradebook import. From Canvas's own export: its columns, its "Points Possible"
    row and every student line as they were, the assignment's cell set where the kit has a
    grade. From roster.csv: Student, ID, SIS User ID, SIS Login ID, Section and the assignment."""
    warnings = [] if warnings is None else warnings
    column = f"{assignment} ({assignment_id})" if assignment_id else assignment
    joined, _ = join(rows, roster, bulk)
    unknown = [student.name for student, row in joined if student is not None and grade_of(row) is None]
    if roster.kind == "canvas":
        header = list(roster.header)
        index = _assignment_column(header, assignment, assignment_id)
        if index is None:
            header.append(column)
            index = len(header) - 1
        out = [header]
        for special in roster.specials:
            line = list(special) + [""] * (len(header) - len(special))
            if "points possible" in " ".join(line[:1]).casefold() and not line[index].strip():
                line[index] = "100"
            out.append(line)
        for student, row in joined:
            if student is None:
                continue
            line = list(student.line) + [""] * (len(header) - len(student.line))
            grade = grade_of(row)
            if grade is not None:
                line[index] = _cell(grade)
            out.append(line)
    else:
        out = [["Student", "ID", "SIS User ID", "SIS Login ID", "Section", column]]
        for student, row in joined:
            if student is None:
                continue
            extra = {key.casefold(): value for key, value in student.extra.items()}
            out.append([student.name, extra.get("canvas_id", ""), extra.get("sis_user_id") or student.id,
                        extra.get("sis_login_id") or student.email, extra.get("section", ""), _cell(grade_of(row))])
    if unknown:
        warnings.append(say("gradebook.canvas.kept", lang, students=", ".join(unknown)))
    return out


def _worksheet_rows(joined, roster, lang, unknown):
    """Moodle's grading worksheet as it came, with Grade (and Feedback comments) filled."""
    header = list(roster.header)
    lower = canonical_columns(header)
    grade_at = lower.index("grade") if "grade" in lower else None
    feedback_at = lower.index("feedback comments") if "feedback comments" in lower else None
    if grade_at is None:
        header.append("Grade")
        grade_at = len(header) - 1
    out = [header]
    for student, row in joined:
        if student is None:
            continue
        line = list(student.line) + [""] * (len(header) - len(student.line))
        grade = grade_of(row)
        if grade is None:
            unknown.append(student.name)
        else:
            line[grade_at] = _cell(grade)
            if feedback_at is not None:
                line[feedback_at] = feedback_of(row, lang)
        out.append(line)
    return out


def _moodle_import_layout(roster, assignment):
    """The import file's header, the export's columns kept (Moodle's export only), and the
    names of its two identifier columns as the header spells them."""
    if roster.kind != "moodle":
        return [["Email address", "ID number", "Full name", assignment, "Feedback"]], [], \
            {"email": "Email address", "id": "ID number"}
    lower = canonical_columns(roster.header)
    keep = [i for i, c in enumerate(lower) if c in ("first name", "last name", "id number", "email address")]
    index = _assignment_column(roster.header, assignment, None)
    grade_column = roster.header[index] if index is not None else assignment
    names = {"email": roster.header[lower.index("email address")],
             "id": roster.header[lower.index("id number")] if "id number" in lower else "ID number"}
    return [[roster.header[i] for i in keep] + [grade_column, "Feedback"]], keep, names


def _with_grades(joined, unknown):
    """The roster students with a grade known; the others' names go to `unknown`."""
    graded = []
    for student, row in joined:
        if student is None:
            continue
        if grade_of(row) is None:
            unknown.append(student.name or student.folder)
        else:
            graded.append((student, row))
    return graded


def _one_identifier(graded):
    """One identifier for the whole file, the one the import form is told to map: the e-mail
    when every line has one, else the ID number when every line has that, else the e-mail
    (and a student without one is left out: Moodle would give the grade to the line above)."""
    if all(s.email.strip() for s, _ in graded):
        return "email"
    return "id" if all(s.id.strip() for s, _ in graded) else "email"


def _moodle_import_rows(joined, roster, assignment, lang, unknown, warnings):
    """Moodle's CSV grade import: identifiers, the grade and Feedback, one line per student
    with a grade and the file's identifier."""
    out, keep, names = _moodle_import_layout(roster, assignment)
    graded = _with_grades(joined, unknown)
    key = _one_identifier(graded)
    nameless = []
    for student, row in graded:
        if not getattr(student, key).strip():
            nameless.append(student.name or student.folder)
            continue
        front = ([student.line[i] if i < len(student.line) else "" for i in keep] if roster.kind == "moodle"
                 else [student.email, student.id, student.name])
        out.append(front + [_cell(grade_of(row)), feedback_of(row, lang)])
    warnings.append(say("gradebook.moodle.map", lang, column=names[key]))
    if nameless:
        warnings.append(say("gradebook.moodle.nameless", lang, column=names[key], students=", ".join(nameless)))
    cased = [s.email for s in roster.students if s.email != s.email.lower()] if roster.kind == "kit" else []
    if cased:
        warnings.append(say("gradebook.moodle.email_case", lang, emails=", ".join(cased)))
    return out


def moodle_rows(rows, roster, assignment, lang, bulk=None, warnings=None):
    """Moodle's import file, written so that no line can clear a grade or land on another student.

    Moodle's CSV import (Grades → Import → CSV file) reads an empty grade cell as "no grade" and
    clears the grade; a line whose identifier is blank takes the previous line's student; and
    one identifier it cannot find stops the whole import. So a student with no grade known, or
    with neither e-mail nor ID number, gets no line (and a sentence says who and why), and the
    e-mail is written exactly as the roster spells it (Moodle compares it letter for letter).
    With Moodle's grading worksheet as --roster, the worksheet comes back with Grade (and
    Feedback comments) filled in, for "Upload grading worksheet", matched by its Identifier."""
    warnings = [] if warnings is None else warnings
    joined, _ = join(rows, roster, bulk)
    unknown: list = []
    if roster.kind == "worksheet":
        out = _worksheet_rows(joined, roster, lang, unknown)
    else:
        out = _moodle_import_rows(joined, roster, assignment, lang, unknown, warnings)
    if unknown:
        warnings.append(say("gradebook.moodle.unknown", lang, students=", ".join(unknown)))
    return out


def write_gradebooks(rows, options, lang, roster=None, csv_path=None, canvas=None, moodle=None,
                     assignment="Chat", assignment_id=None, sep=",", bulk=None):
    """Write what was asked for; returns an Outcome: the folders not in the roster, the
    sentences to say (rows to grade again, lines left out of an LMS file and why)."""
    strays, warnings = [], []
    if roster is not None:
        _, strays = join(rows, roster, bulk)
        _, ambiguous = _matcher(roster, bulk)
        if ambiguous:
            names = sorted({s.name for s in roster.students if {_fold(a) for a in s.aliases} & ambiguous})
            warnings.append(say("gradebook.ambiguous", lang, students=", ".join(names)))
        if csv_path:
            _write(csv_path, roster_csv_rows(rows, roster, options, lang, bulk), sep)
    if canvas:
        _write(canvas, canvas_rows(rows, roster, assignment, assignment_id, bulk, lang, warnings), ",", bom=False)
    if moodle:
        _write(moodle, moodle_rows(rows, roster, assignment, lang, bulk, warnings), ",", bom=False)
    rerun = [row.student for row in rows if needs_rerun(row)]
    if rerun:
        warnings.append(say("gradebook.rerun", lang, students=", ".join(rerun)))
    return Outcome(strays, warnings)
