"""The batch's files: the gradebook (CSV), each student's results.json and feedback (.md, .html)."""
import csv
import hashlib
import html
import io
import os
import re
import tempfile
from pathlib import Path

from rich.console import Console
from rich.text import Text

from grader.engine.intake import readable
from grader.engine.runner import expected_ids
from grader.messages import say
from grader.report.gradescope import fenced, to_gradescope
from grader.report.jsonfile import write_json
from grader.report.terminal import plain, render
from grader.tools.batch.grading import FIXED_COLUMNS, GRADED, NOT_OPENED


def number(value):
    """A score as a spreadsheet shows it best: 100 rather than 100.0."""
    if value is None:
        return ""
    value = float(value)
    return str(int(value)) if value.is_integer() else f"{value:.2f}".rstrip("0")


def fixed_columns(options):
    """The gradebook's first columns: `strict` only when --strict graded that tier."""
    return [c for c in FIXED_COLUMNS if c != "strict" or getattr(options, "strict", False)]


def csv_rows(rows, options, lang):
    ids = expected_ids(options)
    strict = getattr(options, "strict", False)
    yield fixed_columns(options) + ids
    for row in rows:
        result = row.result
        if result is None:
            score = "0" if row.status == NOT_OPENED else ""   # a crash is re-graded, not a zero
            yield ([row.student, score, score, score] + ([""] if strict else []) + ["", row.status_text(lang), ""]
                   + [""] * len(ids))
            continue
        records = result.by_id()
        yield ([row.student, number(result.tracks["tcp"]["score"]), number(result.tracks["udp"]["score"]),
                number(result.score)] + ([number(result.strict_score)] if strict else [])
               + [f"{result.execution_time:.1f}", row.status_text(lang),
                  str(sum((getattr(result, "hints", None) or {}).values()))]
               + [number(records[i].points) if i in records else "" for i in ids])


DECIMAL = re.compile(r"^-?\d+\.\d+$")


def for_excel(rows, sep):
    """With `;` (Excel under Russian regional settings) a decimal point would read as a date
    ("26.4" is the 26th of April): numbers get the decimal comma that Excel expects there."""
    for row in rows:
        yield [cell.replace(".", ",") if sep == ";" and DECIMAL.match(cell) else cell for cell in row]


def default_sep(lang):
    """The catalogue's separator: `;` for Russian (what Excel under Russian regional settings
    splits on), `,` for English."""
    return say("batch.csv_sep", lang)


def write_csv(rows, options, lang, path, sep=","):
    """Write the gradebook atomically, UTF-8 with a BOM so that Excel reads Cyrillic, with the
    mode any file the user makes gets (mkstemp's would be 0600)."""
    from grader.tools.gradebooks import user_mode
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=".grades-", suffix=".csv", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8-sig", newline="") as out:
            csv.writer(out, delimiter=sep).writerows(
                for_excel(([readable(cell) for cell in line] for line in csv_rows(rows, options, lang)), sep))
        os.chmod(temporary, user_mode())
        os.replace(temporary, path)
    except BaseException:   # whatever went wrong, no half file and no temporary left behind
        Path(temporary).unlink(missing_ok=True)
        raise


UNSAFE = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|]')
RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(10)), *(f"LPT{i}" for i in range(10))}
STEM_MAX = 120      # characters of a name kept in a file name (most systems allow 255 bytes)


def file_stem(student):
    """The student's name as a file name: path separators and the like replaced. A name that
    had to change gets a short hash of the original, so two students never share one file
    (`a?b` is a_b-<hash>, `a_b` stays a_b), whatever the order they are written in."""
    name = readable(student)
    stem = UNSAFE.sub("_", name).strip(" .")[:STEM_MAX] or "_"
    if stem != student or stem.split(".")[0].upper() in RESERVED:
        stem += "-" + hashlib.sha256(str(student).encode("utf-8", "surrogatepass")).hexdigest()[:8]
    return stem


def unique_stems(students):
    """{student: file stem} for a whole class: file_stem(), and should two still meet (a folder
    named like another's hashed stem, or names that differ only in case), "-2", "-3"...
    in the students' order, so every student has files of their own."""
    stems, used = {}, set()
    for student in sorted(students, key=lambda name: (name.casefold(), name)):
        stem, number = file_stem(student), 2
        while stem.casefold() in used:
            stem, number = f"{file_stem(student)}-{number}", number + 1
        used.add(stem.casefold())
        stems[student] = stem
    return stems


def not_graded_document(row, lang):
    """results.json for an entry that could not be graded: zero, and the sentence why."""
    return {"score": 0, "execution_time": 0, "output": row.status_text(lang),
            "extra_data": {"status": row.status, "note": row.note, "source": readable(row.source)}, "tests": []}


def write_json_file(row, folder, lang, stem=None):
    """results.json of one row, as `stem`.json (unique_stems(); file_stem() alone by default)."""
    document = to_gradescope(row.result, lang) if row.result else not_graded_document(row, lang)
    document.setdefault("extra_data", {})["status"] = row.status
    write_json(document, Path(folder) / f"{stem or file_stem(row.student)}.json")


def feedback_markdown(row, lang):
    lines = ["# " + say("batch.feedback_title", lang, student=row.student), ""]
    result = row.result
    if result is None:
        lines += [say("batch.feedback_not_graded", lang), "", row.status_text(lang), ""]
        return "\n".join(lines)
    lines += [say("batch.feedback_score", lang, score=number(result.score), tcp=number(result.tracks["tcp"]["score"]),
                udp=number(result.tracks["udp"]["score"])), ""]
    lines += [protocol_note(lang), ""]
    if row.status != GRADED:
        lines += [f"**{row.status_text(lang)}**", ""]
    # a fence longer than any run of backticks in the report: a student's output never closes it
    lines += [fenced(plain(lambda console: render(result, console, lang, feedback=True)))]
    return "\n".join(lines)


def feedback_html(row, lang):
    """The terminal report with its colours, as a standalone HTML page."""
    console = Console(record=True, file=io.StringIO(), width=100, force_terminal=True,
                      color_system="truecolor", highlight=False)
    console.print(Text(say("batch.feedback_title", lang, student=row.student), style="bold"))
    if row.result is None:
        console.print(Text(row.status_text(lang), style="red"))
    else:
        feedback_heading(row, console, lang)
        if row.status != GRADED:
            console.print(Text(row.status_text(lang), style="bold red"))
        render(row.result, console, lang, feedback=True)
    page = console.export_html(inline_styles=True)
    title = html.escape(readable(say("batch.feedback_title", lang, student=row.student)))
    return page.replace("<head>", f"<head>\n<title>{title}</title>", 1)   # a name is text, never a pattern


def protocol_note(lang):
    """A word that the chat's (Russian) phrases are the protocol's own, said in either language."""
    from chatkit import protocol
    return say("batch.feedback_protocol", lang, prompt=protocol.PROMPT.strip(), joined=protocol.JOINED)


def feedback_heading(row, console, lang):
    """Under the page's title: the score first (the report ends with it, under the sandbox
    paragraph), then a word that the Russian chat phrases are the protocol's."""
    result = row.result
    score = say("batch.feedback_score", lang, score=number(result.score), tcp=number(result.tracks["tcp"]["score"]),
                udp=number(result.tracks["udp"]["score"])).replace("**", "")
    console.print(Text(score, style="bold"))
    console.print(Text(protocol_note(lang), style="dim"))
    console.print()


def write_feedback(row, folder, lang, stem=None):
    """The row's feedback, `stem`.md and `stem`.html (unique_stems(); file_stem() by default)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    stem = stem or file_stem(row.student)
    write_text(feedback_markdown(row, lang), folder / f"{stem}.md")
    write_text(feedback_html(row, lang), folder / f"{stem}.html")


def write_text(text, path):
    """Write a text file atomically, a name that is not UTF-8 as \\xNN rather than a crash."""
    path = Path(path)
    handle, temporary = tempfile.mkstemp(prefix=".feedback-", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(readable(text))
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
