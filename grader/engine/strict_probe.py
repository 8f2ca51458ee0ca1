"""What the robustness tier would find, said in the default report without changing the grade.

A server that passes every default check can still take one `recv(1024)` for one message
(the lecture's example does). The strict tier catches it, but a student who never types
`--strict` hears only praise. The probe runs the strict tier's cheap part after a default
run whose TCP server passed: the framing checks, each one short exchange that ends at the
line it waits for (about 0.3 s together on the reference, one extra worker). The slow
checks (a reader that never reads, fifty users, churn, a restart, a reset mid-broadcast on
a server that hangs) stay behind `--strict`; the report names it either way.

The probe's records never reach the score: score() is not called on them, and the report
only lists the numbers of the checks that failed (Result.strict_probe).
"""
from dataclasses import replace

from grader.engine import rubric

CHEAP = tuple(c.id for c in rubric.CHECKS if c.probe)   # the records marked probe=True


def wanted(result):
    """Run the probe for this default-tier Result? Its TCP server passed every check."""
    options = result.options
    if options.strict or options.checks or result.tracks.get("tcp", {}).get("state") != "graded":
        return False
    server = [r for r in result.checks if r.id in {c.id for c in rubric.checks("tcp", "server")}]
    return bool(server) and all(r.status == "passed" for r in server)


def probe(folder, result, on_event=None):
    """Run the cheap strict checks; return the Result with them noted in its strict_probe:
    {"ran": [ids], "failed": [ids]} (a check the grader could not finish counts as neither)."""
    from grader.engine.runner import grade
    if not wanted(result):
        return result
    options = replace(result.options, strict=True, only="tcp", checks=CHEAP, workers=1)
    found = grade(folder, options, on_event=on_event)
    status = {r.id: r.status for r in found.checks}
    return replace(result, strict_probe={"ran": [i for i in CHEAP if status.get(i) in ("passed", "failed")],
                                         "failed": [i for i in CHEAP if status.get(i) == "failed"]})
