"""What a grading run becomes for people and for other programs.

    terminal.py    the report a student reads (rich; plain text when not a terminal)
    gradescope.py  Gradescope's results.json, written atomically
    hints.py       python -m grader hint N: the next level of a check's hint
    steps.py       what --step prints: the milestones passed, then the first that failed
"""
