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
from grader.engine import limits

# What a Python thread dies of when another thread changed the container it walked.
RACE_SIGNS = ("changed size during iteration", "mutated during iteration", "keys changed during iteration")
DEFINITE_REASONS = ("timeout", "run-out")


def could_be_a_race(record):
    """A failed check of a module that ran, whose output shows a thread killed by a race."""
    if record.get("status") != "failed" or record.get("start_failed") or record.get("reason") in DEFINITE_REASONS:
        return False
    return any(sign in (output.get("stderr") or "") for output in record.get("outputs") or ()
               for sign in RACE_SIGNS)


FAILING_RUN = ("reason", "hint", "events", "actors", "outputs")


def decide(failing, last):
    """The check's record once its runs are over: `failing` its failed runs (the first first),
    `last` the run that ended it (None: none came, the confirmation's worker ended)."""
    if not failing:
        return last
    runs = len(failing) + (last is not None)
    if last is not None and last.get("status") == "passed":
        record = dict(last, unstable=True, runs=runs)
        record["failing_run"] = {key: failing[0][key] for key in FAILING_RUN if key in failing[0]}
        return record
    return dict(failing[0], runs=runs)   # failed every time: the first failing run, the race's
