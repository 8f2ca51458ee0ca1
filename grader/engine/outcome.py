"""A check's outcome: what a worker observed about one check, typed.

The worker emits it as one JSON line (grader/engine/worker.py); the runner reads it back
with `Outcome.from_json` and scores it; the reports, the exports and the batch read its
attributes. `points` is filled by the scoring; `hint_level` by the hint memory
(grader/engine/hints.py), for the report only.
"""
from dataclasses import asdict, dataclass, field, fields

STATUSES = ("passed", "failed", "skipped", "error")   # failed: the student's; error: the grader's own fault


@dataclass
class Outcome:
    id: str                                  # the rubric id (grader/engine/rubric.py)
    status: str                              # one of STATUSES
    reason: str = ""                         # why it did not pass, in the report's language
    hint: str | None = None                  # the check's own hint for this failure (else the rubric's)
    points: int = 0                          # earned: the check's points when passed
    duration: float = 0.0
    start_failed: bool = False               # the check never began: its module did not start
    start_failed_in: str | None = None       # skipped: its module failed to start in this check
    not_checked_after: str | None = None     # skipped: because of what this earlier check found
    trace: str = ""                          # a grader fault's traceback
    events: list = field(default_factory=list)    # the transcript: [(t, actor, kind, text)]
    actors: list = field(default_factory=list)    # [[name, role catalogue id]]
    outputs: list = field(default_factory=list)   # the started processes' output and launch facts
    hint_level: int = 1                      # the hint level this student has reached

    @classmethod
    def from_json(cls, data):
        """From a worker's event or a cached result: unknown keys (the event's type) are left out."""
        known = {f.name for f in fields(cls)}
        return cls(**{key: value for key, value in data.items()
                      if key in known and not (value is None and key in ("events", "actors", "outputs"))})

    def to_json(self):
        return asdict(self)
