"""The grading engine: find a submission, read its sources, plan and run the checks, score them.

    submission.py  find and open what the user pointed at (a folder or a .zip)
    facts.py       what the source says, read with ast (the student's code is never imported)
    rubric.py      one record per check: id, points, milestone, file, its sentences' ids
    hints.py       which hint level a student has reached, remembered in the submission folder
    steps.py       the step mode's milestones, graded one after the other (--step)
    limits.py      every time limit and size cap
    runner.py      the grading process: shards, workers, scores (grade())
    worker.py      one pytest process running a shard of grader/checks/, one JSON line per event
    keys.py        what a check's pytest item carries for the worker (below the checks)
"""
