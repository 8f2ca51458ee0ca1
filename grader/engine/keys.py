"""What a check's pytest item and session carry for the worker (grader/engine/worker.py): set
by the checks' fixtures (grader/checks/conftest.py), read when the worker reports a check.
Here, below the checks, so that the worker never imports them (grader.checks re-exports the
keys, where the checks have always found them).
"""
import pytest

SCENARIO: pytest.StashKey = pytest.StashKey()   # the Scenario a check ran, for the report
CHECK_ID: pytest.StashKey[str] = pytest.StashKey()   # the rubric id a collected item scores
START_FAILED_IN: pytest.StashKey[str] = pytest.StashKey()   # skipped because its module failed to start: in this check
NOT_CHECKED_AFTER: pytest.StashKey[str] = pytest.StashKey()   # skipped because of what this earlier check found (start failed, one user at a time)
GRADING: pytest.StashKey = pytest.StashKey()   # the session's conftest.Grading (config.stash), what its checks learned
