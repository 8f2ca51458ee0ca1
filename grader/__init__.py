"""The chat lab's autograder: `python -m grader [FOLDER]`.

Kept import-light on purpose: worker and child processes import submodules directly.
"""
