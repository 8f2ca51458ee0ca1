"""PrairieLearn's external-grading results.json: `python -m grader FOLDER --prairielearn FILE`.


The format (PrairieLearn docs, "External Grading" → "Grading results"): `score` from 0.0 to
1.0; `gradable: false` marks a submission that could not be graded (no points awarded or
lost, no attempt charged), with `format_errors`; `message` and `output` for the whole
submission; `tests[]` with `name`, `description`, `points`, `max_points`, `message`,
`output`, rendered by <pl-external-grader-results>. The file should stay under 1 MB.

A grader fault is reported as not gradable: the student is not charged an attempt for the
grader's failure and is told to submit again.
"""
import json
from pathlib import Path

from grader.engine import rubric
from grader.report.gradescope import MAX_SCORE, gradescope_tests
from grader.messages import say
from grader.report.terminal import hint_of, number_of, plain, reason_of, render

LIMIT = 1_000_000 - 4096      # bytes; PrairieLearn's cap is 1 MB, keep a margin


def _message(record, lang):
    if record.status == "passed":
        return ""
    parts = [reason_of(record, lang)]
    if record.status == "failed" and hint_of(record, lang):
        parts.append(f"{say('prairielearn.hint', lang)}: {hint_of(record, lang)}")
    return "\n".join(part for part in parts if part)


def to_prairielearn(result, lang="ru"):
    """The results.json document for PrairieLearn."""
    records = result.by_id()
    tests = []
    for test in gradescope_tests(result, lang, wrap=lambda text: text.rstrip() + "\n"):
        tags = test.get("tags", [])
        record = records.get(tags[3]) if len(tags) > 3 else None
        name = test["name"]
        if record is not None:
            name = f"{number_of(record.id)} {name}"
        tests.append({"name": name,
                      "description": rubric.BY_ID[record.id].text(lang) if record else "",
                      "points": test.get("score") or 0, "max_points": test.get("max_score") or 0,
                      "message": _message(record, lang) if record else "",
                      "output": test.get("output", "")})
    report = plain(lambda console: render(result, console, lang, feedback=True))
    document = {"gradable": True, "score": round(result.score / MAX_SCORE, 4),
                "message": say("prairielearn.score", lang, score=result.score),
                "output": report, "tests": tests,
                "extra_data": {"tracks": result.tracks, "strict": result.strict_score}}
    if result.grader_fault:
        faults = ", ".join(number_of(r.id) for r in result.checks if r.status == "error")
        document.update(gradable=False, format_errors=[say("prairielearn.fault", lang, numbers=faults)])
        document.pop("score")
    return fit(document)


def not_gradable(sentence, lang="ru"):
    """A submission that did not open: not gradable, with the one sentence why."""
    return {"gradable": False, "format_errors": [sentence], "message": sentence, "output": sentence, "tests": []}


def _size(document):
    return len(json.dumps(document, ensure_ascii=False).encode("utf-8"))


def fit(document, limit=LIMIT):
    """Trim the longest texts (their ends are kept: the last events matter most) until the
    document is under `limit` bytes."""
    keep = 20000
    while _size(document) > limit and keep > 200:
        for test in document.get("tests", []):
            if len(test.get("output", "")) > keep:
                test["output"] = "…\n" + test["output"][-keep:]
        if len(document.get("output", "")) > keep * 4:
            document["output"] = "…\n" + document["output"][-keep * 4:]
        keep //= 2
    return document


def write_prairielearn(result, path, lang="ru"):
    from grader.report.jsonfile import write_json
    write_json(to_prairielearn(result, lang), Path(path))


def write_not_gradable(sentence, path, lang="ru"):
    from grader.report.jsonfile import write_json
    write_json(not_gradable(sentence, lang), Path(path))
