"""The grading engine: find a submission, read its sources, plan and run the checks, score them.

    submission.py  find and open what the user pointed at (a folder or a .zip)
    facts.py       what the source says, read with ast (the student's code is never imported)
    rubric.py      every check's id, points, line and hint
    limits.py      every time limit and size cap
    runner.py      the grading process: shards, workers, scores (grade())
    worker.py      one pytest process running a shard of grader/checks/, one JSON line per event
"""
