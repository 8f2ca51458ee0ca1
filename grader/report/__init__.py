"""What a grading run becomes for people and for other programs.

    terminal.py    the report a student reads (rich; plain text when not a terminal)
    gradescope.py  Gradescope's results.json, written atomically
"""
