"""The machine-readable result: Gradescope's results.json (built in grader/gradescope.py) and the atomic writer."""
import json
import os
import tempfile
from pathlib import Path

from grader.gradescope import to_gradescope  # noqa: F401  (the results.json builder lives there)


def write_json(document, path):
    """Write atomically: a reader never sees half a file, and nothing else's file survives."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=".results-", dir=path.parent)
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        json.dump(document, out, ensure_ascii=False, indent=1)
    os.replace(temporary, path)
