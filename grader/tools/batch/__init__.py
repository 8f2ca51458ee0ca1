"""Grade a whole class: `python -m grader batch SUBMISSIONS --csv grades.csv`.

    grading.py  find the entries, grade each one (or take it from the cache), classify its row
    files.py    the gradebook (CSV), results.json and feedback files
    cli.py      the command: options, progress bar, the table at the end
"""
from grader.tools.batch.cli import main

__all__ = ["main"]   # python -m grader batch calls main(argv)
