"""The grader's house keeps its shape: no function too tangled to read.

Cyclomatic complexity as radon measures it (`python -m radon cc -s grader chatkit`), for
every function and method, closures and nested classes included. A function above the
bound is split into small named steps (as socketserver names its hooks), each a predicate
or a step whose name says what it decides."""
from pathlib import Path

from radon.complexity import cc_visit   # the test extra: pip install -e '.[test]'
from radon.visitors import Class

KIT = Path(__file__).resolve().parents[1]
PACKAGES = ("grader", "chatkit")
MOST_COMPLEX = 20


def blocks(found):
    """Every function and method radon found, closures and nested classes' methods included."""
    for block in found:
        if isinstance(block, Class):
            yield from blocks(block.methods)
            yield from blocks(block.inner_classes)
        else:
            yield block
            yield from blocks(block.closures)


def too_complex():
    for package in PACKAGES:
        for path in sorted((KIT / package).rglob("*.py")):
            relative = path.relative_to(KIT).as_posix()
            for block in blocks(cc_visit(path.read_text(encoding="utf-8"))):
                if block.complexity > MOST_COMPLEX:
                    yield f"{relative}:{block.lineno} {block.fullname}: {block.complexity}"


def test_no_function_is_more_complex_than_the_bound():
    found = list(too_complex())
    assert not found, f"cyclomatic complexity (radon) above {MOST_COMPLEX}; split into named steps:\n" + "\n".join(found)
