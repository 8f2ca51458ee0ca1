"""A check whose outcome may hang on a race in the student's code, decided the same way every time.

A failed check whose student process shows a thread that died of a race (a dict or a set
walked while another thread changed it) is run again limits.CONFIRM_RUNS times, at once,
each in a fresh worker with a fresh child (engine/runner.py, Schedule.run_again), and calm:
its simulated users act one at a time, each after the server has gone quiet
(grader/chat/scenarios.py, Chat.calm_down), so that no action of theirs overlaps the
server's work on the one before. A check that fails in every run has failed. A check that
fails and then passes is «нестабильно» (unstable): scored as passed, always, and the report
shows the failing run's transcript with a hint about threads' shared state.

Why so: only failures are run again (a pass is never doubted, so correct code costs
nothing), and a rule that scored «нестабильно» as failed would make the points those of the
first run, as random as before. A calm run shows the behaviour without the overlap the race
needs: a race that fires when a user arrives while a broadcast walks the users fails the
first run now and then, and its calm runs pass, so the grade is the same whether it fired or
not. A race that fires even in calm runs (the server's own threads racing each other) costs
the check with probability p ** (1 + CONFIRM_RUNS), p its share of runs it fails.

A definite failure needs no confirmation and is never run again: a module that never
started, a timeout, the run's own bound, a failure that shows no race.
"""
from dataclasses import replace

from grader.engine.outcome import Outcome

# What a Python thread dies of when another thread changed the container it walked.
RACE_SIGNS = ("changed size during iteration", "mutated during iteration", "keys changed during iteration")
DEFINITE_REASONS = ("timeout", "run-out")


def could_be_a_race(outcome: Outcome) -> bool:
    """A failed check of a module that ran, whose output shows a thread killed by a race."""
    if outcome.status != "failed" or outcome.start_failed or outcome.reason in DEFINITE_REASONS:
        return False
    return any(sign in (output.get("stderr") or "") for output in outcome.outputs for sign in RACE_SIGNS)


def decide(failing: list[Outcome], last: Outcome | None) -> Outcome:
    """The check's outcome once its runs are over: `failing` its failed runs (the first first),
    `last` the run that passed (None: none did, or none came)."""
    if not failing:
        if last is None:
            raise ValueError("no run to decide a check from")
        return last
    runs = len(failing) + (last is not None)
    if last is not None and last.status == "passed":
        return replace(last, unstable=True, runs=runs, failing_run=failing[0])
    return replace(failing[0], runs=runs)   # failed every time: the first failing run, the race's
