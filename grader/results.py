"""The machine-readable result: Gradescope's results.json, written once, at the end."""
import json
import os
import tempfile
from pathlib import Path

from grader import rubric
from grader.report import failure_panel, number_of, plain, reason_of, render


def to_gradescope(result, lang="ru"):
    """Build the results.json document (top-level score, per-check tests, tracks in extra_data)."""
    tests = []
    for record in result.checks:
        entry = rubric.BY_ID[record["id"]]
        if record["status"] == "passed":
            output = ""
        elif record.get("events") or record["status"] == "error":
            output = plain(lambda console: console.print(failure_panel(record, lang)))
        else:
            output = reason_of(record, lang)
        tests.append({
            "name": entry.text(lang),
            "number": number_of(entry.id),
            "score": record["points"],
            "max_score": entry.points,
            "status": "passed" if record["status"] == "passed" else "failed",
            "output": output,
            "tags": [entry.track, entry.role, entry.tier, entry.id, record["status"]],
        })
    return {
        "score": result.score,
        "max_score": 100,
        "execution_time": result.execution_time,
        "output": plain(lambda console: render(result, console, lang)),
        "extra_data": {
            "tcp": result.tracks["tcp"]["score"],
            "udp": result.tracks["udp"]["score"],
            "tracks": result.tracks,
            "strict": result.strict_score,
            "grader_fault": result.grader_fault,
            "folder": result.folder,
            "sandbox": result.sandbox,
        },
        "tests": tests,
    }


def write_json(document, path):
    """Write atomically: a reader never sees half a file, and nothing else's file survives."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=".results-", dir=path.parent)
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        json.dump(document, out, ensure_ascii=False, indent=1)
    os.replace(temporary, path)
