"""Writing a JSON document so that no reader ever sees half of it."""
import json
import os
import tempfile
from pathlib import Path


def write_json(document, path):
    """Write atomically: a reader never sees half a file, and nothing else's file survives."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=".results-", dir=path.parent)
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        json.dump(document, out, ensure_ascii=False, indent=1)
    os.replace(temporary, path)
