"""Writing a JSON document so that no reader ever sees half of it."""
import json
import os
import tempfile
from pathlib import Path


def write_json(document, path):
    """Write atomically: a reader never sees half a file, and nothing else's file survives."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(document, ensure_ascii=False, indent=1)
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError:   # a name that is not UTF-8 (a lone surrogate): written as \xNN
        data = json.dumps(readable_document(document), ensure_ascii=False, indent=1).encode("utf-8")
    handle, temporary = tempfile.mkstemp(prefix=".results-", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def readable_document(value):
    """`value` with every string (keys too) made writable as UTF-8 (grader.engine.intake.readable)."""
    from grader.engine.intake import readable
    if isinstance(value, str):
        return readable(value)
    if isinstance(value, dict):
        return {readable_document(key) if isinstance(key, str) else key: readable_document(item)
                for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [readable_document(item) for item in value]
    return value
