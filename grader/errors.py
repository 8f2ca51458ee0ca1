"""How a check fails, as exceptions every layer may raise: a leaf module (it imports nothing
of the grader), so the sandbox, the chat and the engine share them without importing each
other. grader/chat/transcript.py offers them too, where the checks have always found them.
"""


class Failure(Exception):
    """A check failed for a reason the student can act on. `hint` overrides the rubric's."""

    def __init__(self, reason, hint=None):
        super().__init__(reason)
        self.reason = reason
        self.hint = hint


class StartFailure(Failure):
    """The student's module never got going: it did not import, listen or connect."""


class OneAtATime(Exception):
    """A check's second user would wait behind the first: another check (`found_in`) already
    showed that the server serves one user at a time. Not a failure: the check is not checked."""

    def __init__(self, found_in):
        super().__init__(found_in)
        self.found_in = found_in
