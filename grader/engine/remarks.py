"""What the report says once, without points, about how a submission was run: which file
played which part, the shape each module was started in, a socket bound at import, a port
the module ignores.

The worker attaches launch_facts() to each process a check started; the runner turns them,
with the roles' problems, into remarks: (message id, fields) pairs the report renders in
the student's language. The marks these come from are written by the child, so they only
ever become remarks, never points.
"""

from grader.sandbox.constants import MARK_IGNORES_PORT, MARK_REDIRECT, MARK_SHAPE

SHOWN_MARKS = (MARK_REDIRECT, MARK_IGNORES_PORT, MARK_SHAPE)


def launch_facts(process):
    """What one started module did that the report may remark on (see worker.classify)."""
    entry = getattr(process, "entry", None)
    return {"file": process.module,
            "shape": getattr(entry, "shape", ""), "label": getattr(entry, "label", ""),
            "binds_at_import": bool(getattr(entry, "binds_at_import", False)),
            "marks": [m for m in process.marks if m.startswith(SHOWN_MARKS)][:12],
            "reading": getattr(process, "reading", "")}


def remarks_of(roles, checks):
    """[(message id, fields)] for the report: the roles' problems, then one remark of each
    kind per module. The kit's own shape, main(host, port) on the port it is given, says nothing."""
    remarks = [tuple(problem) for problem in roles.problems] if roles else []
    seen = set()

    def add(key, fields):
        marker = (key, fields.get("file"))
        if marker not in seen:
            seen.add(marker)
            remarks.append((key, fields))

    for record in checks:
        for output in record.outputs:
            facts = output.get("launch") or {}
            file = facts.get("file") or output.get("module")
            if not file:
                continue
            if facts.get("shape") and facts["shape"] not in ("main(host, port)", "none"):
                add("launch.shape", {"file": file, "label": facts.get("label") or facts["shape"]})
            if facts.get("reading"):
                add(f"lenient.reading.{facts['reading']}", {"file": file})
            if facts.get("binds_at_import"):
                add("launch.binds_at_import", {"file": file})
            for mark in facts.get("marks", []):
                if mark.startswith(MARK_IGNORES_PORT):
                    add("launch.ignores_port", {"file": file, "port": mark[len(MARK_IGNORES_PORT):]})
                elif mark.startswith(MARK_REDIRECT + "bind:") and _bare_main(facts):
                    add("launch.ignores_port", {"file": file, "port": mark.rsplit(":", 1)[1]})
    return remarks


def _bare_main(facts):
    """main() without arguments, called directly or from the module's `__main__` block (the
    lecture's shape): the port it binds is its own, one rule for both."""
    return facts.get("shape") == "main()" or facts.get("label") == "main()"
