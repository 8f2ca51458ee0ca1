"""Corpus hostile: a module named like the standard library's importlib.

Whoever imports `importlib` from this folder runs this file: the grader's harness used to,
before it confined the process. It tries the same as chatkit/ (attacks.py) and then puts
the real importlib in its place, so nothing else changes.
"""
import os
import sys

from chatkit import attacks

attacks.report("importlib")
HERE = os.path.dirname(os.path.abspath(__file__))
kept = list(sys.path)
del sys.modules["importlib"]
sys.path[:] = [entry for entry in kept if os.path.abspath(entry or ".") != HERE]
try:
    import importlib  # noqa: E402  the standard library's, now
finally:
    sys.path[:] = kept
sys.modules["importlib"] = importlib
