"""Step mode: `python -m grader --step` checks the milestones of the assignment in order and
stops at the first one that fails.

A milestone is a few checks of the rubric that together make one thing a student builds
next. Each is graded on its own (a runner with only those checks), so a student who is
still on step 2 waits for step 1 and step 2, not for the whole rubric, and reads about one
problem at a time: the milestone's goal, the failing check's transcript, its level-1 hint.

TCP                                        UDP
 1 listens and asks the name               1 listens and takes the name
 2 welcome and join notice                 2 welcome and join notice
 3 relay without echo                      3 relay without echo
 4 ten users and a silent one              4 ten users
 5 leave                                   5 leave
 6 the client                              6 the client

A track is stepped through when it is graded (it has files that are not untouched
skeletons); with both, TCP goes first, and UDP follows once TCP's last milestone passed.
"""
from dataclasses import dataclass, field, replace

from grader.engine import rubric
from grader.engine.outcome import Outcome
from grader.engine.runner import Options, Result, grade, track_state
from grader.engine.roles import find_roles


@dataclass(frozen=True)
class Milestone:
    track: str
    number: int
    checks: tuple

    @property
    def key(self):
        return f"step.{self.track}.{self.number}"   # its title and goal in grader/messages: KEY.title, KEY.goal


def milestones(track):
    """The track's milestones, from each default check's place in the rubric (Check.milestone)."""
    steps: dict[int, list] = {}
    for check in sorted(rubric.checks(track), key=lambda check: check.milestone):
        steps.setdefault(check.milestone[0], []).append(check.id)
    return tuple(Milestone(track, number, tuple(ids)) for number, ids in sorted(steps.items()))


MILESTONES = {track: milestones(track) for track in rubric.TRACKS}


def _verify():
    for track, steps in MILESTONES.items():
        assert [step.number for step in steps] == list(range(1, len(steps) + 1)), f"steps: {track}'s milestones are 1..n"


_verify()


@dataclass
class StepRun:
    """What the step mode found: the milestones passed, and the first one that did not."""
    folder: str
    tracks: list                                   # the tracks stepped through, in order
    passed: list = field(default_factory=list)     # [(Milestone, Result)]
    failed: Milestone | None = None
    result: Result | None = None                   # the failed milestone's Result
    record: Outcome | None = None                  # its first check that did not pass

    @property
    def done(self):
        return self.failed is None and bool(self.tracks)


def tracks_to_step(folder, options, roles=None):
    """The graded tracks, TCP first; --only keeps one."""
    roles = roles or find_roles(folder, options.roles)
    return [track for track in rubric.TRACKS
            if (not options.only or track == options.only) and track_state(folder, track, roles) == "graded"]


def first_problem(result, milestone):
    """The milestone's first check, in its order, that did not pass (None: all passed)."""
    records = result.by_id()
    for check_id in milestone.checks:
        record = records.get(check_id)
        if record is None or record.status != "passed":
            return record or Outcome(check_id, "error", reason="grader-incomplete")
    return None


def run_steps(folder, options=None, on_milestone=None, on_event=None):
    """Grade milestone after milestone; stop at the first that does not pass."""
    options = options or Options()
    roles = find_roles(folder, options.roles)
    run = StepRun(folder=str(folder), tracks=tracks_to_step(folder, options, roles))
    for track in run.tracks:
        for milestone in MILESTONES[track]:
            if on_milestone:
                on_milestone(milestone)
            result = grade(folder, replace(options, only=track, strict=False, workers=1, checks=milestone.checks),
                           on_event=on_event)
            problem = first_problem(result, milestone)
            if problem is not None:
                run.failed, run.result, run.record = milestone, result, problem
                return run
            run.passed.append((milestone, result))
    return run
