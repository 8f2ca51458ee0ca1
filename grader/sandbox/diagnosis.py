"""Why a module never got going, in one sentence a student can act on.

Everything here is read from what the grader observed: the child's exit code, the last
line of its traceback, its progress marks (hints only), its sockets and its CPU time.
"""
import time

from grader.engine.shapes import explain_start
from grader.messages import say
from grader.sandbox import platform
from grader.sandbox.constants import (MARK_EXITED, MARK_IMPORT_FAILED, MARK_IMPORTED, MARK_NO_MAIN, MARK_RAISED,
                                      MARK_RETURNED)

SPINNING = 0.6   # a child that used this share of a CPU while we waited for its port is in a loop


def last_error(stderr):
    """The last line of a traceback in `stderr`, if any."""
    lines = [line for line in stderr.splitlines() if line.strip()]
    for line in reversed(lines):
        if line[:1] not in (" ", "\t") and ("Error" in line or "Exception" in line or ":" in line):
            return line.strip()
    return lines[-1].strip() if lines else ""


def describe_exit(child, lang):
    """"the process exited (code 1): ValueError: ..."."""
    error = child.last_error()
    return say("sandbox.exit", lang, code=child.proc.poll()) + (f": {error}" if error else "")


def _import_failed(marks, code, error):
    """The import raised: said by its mark, or the child ended before importing with an error."""
    return MARK_IMPORT_FAILED in marks or (code is not None and MARK_IMPORTED not in marks and bool(error))


def _how_it_ended(marks, raised, error, server, lang):
    """How a module that started then ended did so: exit(), an exception, main() returned, or ended."""
    if MARK_EXITED in marks:
        return say("sandbox.start.how.exited", lang)
    if raised:
        return say("sandbox.start.how.raised", lang, error=error)
    if MARK_RETURNED in marks:
        return say("sandbox.start.how.returned_server" if server else "sandbox.start.how.returned_client", lang)
    return say("sandbox.start.how.ended", lang)


def _why_not_listening(child, kind, lang, raised, error, waited):
    """A module that imported and still runs, but never opened the grader's port: another port,
    an exception in a thread, a busy loop, or it simply does not listen."""
    elsewhere = child.other_ports(kind)
    if elsewhere:
        return say("sandbox.start.wrong_port", lang, where=", ".join(map(str, elsewhere)), port=child.port)
    if raised:
        return say("sandbox.start.crashed", lang, error=error)
    cpu = platform.cpu_seconds(child.proc.pid)
    if cpu is not None and cpu > SPINNING * waited:
        return say("sandbox.start.spins", lang, port=child.port, seconds=waited)
    return say("sandbox.start.no_listen", lang, port=child.port, seconds=waited)


def describe_start_failure(child, kind, lang):
    """Say, in one sentence, why the module never became ready."""
    plain = explain_start(child.module, child.marks, child.stderr.text(), lang, child.role)
    if plain:
        return plain
    marks, error, code, module = child.marks, child.last_error(), child.proc.poll(), child.module
    raised = any(m.startswith(MARK_RAISED) for m in marks)
    waited = time.monotonic() - child.started
    if _import_failed(marks, code, error):
        if "SyntaxError" in error or "IndentationError" in error:
            return say("sandbox.start.syntax", lang, module=module, error=error)
        return say("sandbox.start.import", lang, module=module, error=error)
    if MARK_NO_MAIN in marks:
        return say("sandbox.start.no_main", lang, module=module)
    if code is not None:
        server = child.role == "server"
        how = _how_it_ended(marks, raised, error, server, lang)
        return say("sandbox.start.server_exited" if server else "sandbox.start.client_exited", lang, code=code, how=how)
    if MARK_IMPORTED not in marks:
        return say("sandbox.start.import_hangs", lang, module=module, seconds=waited)
    return _why_not_listening(child, kind, lang, raised, error, waited)
