"""Fixtures shared by the kit's tests, and the suite's two lanes: `pytest` is the developer's
loop and leaves out the tests marked `corpus` (every corpus folder graded by the real grader,
most of the suite's time); `pytest --full` runs everything, and is what CI runs (.ci/run,
the README's test command).

The whole suite (either lane, no test file named) runs its files side by side: PROCESSES
pytest-xdist processes taking whole files (`--dist loadfile`). Much of a test's time is
spent waiting on sockets and child processes, and with --full the corpus file (graded
several folders at a time, see tests/test_corpus.py) runs beside all the others. Naming
files runs them in one process, as does `-n 0`; `-n N` chooses the count; without
pytest-xdist installed (the test extra has it) everything runs in one. Every test stays
correct however files are spread: none shares state with another file, ports come from the
OS, and temporary folders and processes are each test's own."""
import ast
import shutil
from pathlib import Path

import pytest

KIT = Path(__file__).resolve().parents[1]
MODULES = ("tcp_server.py", "tcp_client.py", "udp_server.py", "udp_client.py")


def stubbed(source):
    """`source` with every function's body back to a skeleton's: its docstring, then
    `raise NotImplementedError`. Module-level code (imports, the __main__ block) stays."""
    tree = ast.parse(source)
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            doc = body[:1] if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) \
                and isinstance(body[0].value.value, str) else []
            node.body = doc + [ast.Raise(exc=ast.Call(func=ast.Name("NotImplementedError", ast.Load()),
                                                      args=[ast.Constant("TODO")], keywords=[]), cause=None)]
    return ast.unparse(ast.fix_missing_locations(tree)) + "\n"


def pristine_skeleton(target):
    """An untouched copy of the skeletons in `target`, whatever a student or an instructor
    did to lab/: its files as they are while they still read as not started, else the same
    files with every function put back to a stub (the grader reads both the same way)."""
    from grader.engine.facts import read_facts
    target = Path(target)
    target.mkdir(parents=True, exist_ok=True)
    for name in MODULES:
        source = KIT / "lab" / name
        if read_facts(source).not_started:
            shutil.copy(source, target / name)
        else:
            (target / name).write_text(stubbed(source.read_text(encoding="utf-8")), encoding="utf-8")
    return target


@pytest.fixture
def pristine_lab(tmp_path):
    """A folder holding the untouched skeletons (see pristine_skeleton)."""
    return pristine_skeleton(tmp_path / "lab")


def pytest_addoption(parser):
    parser.addoption("--full", action="store_true",
                     help="also run the tests marked corpus (the whole corpus graded): CI's lane")


PROCESSES = 2   # with --full: the corpus file beside the rest; a third only adds contention on two cores


@pytest.hookimpl(tryfirst=True)
def pytest_cmdline_main(config):
    """The whole suite without -n: PROCESSES processes taking whole files (before xdist reads -n)."""
    if hasattr(config, "workerinput") or config.getoption("collectonly"):
        return
    if config.args_source != pytest.Config.ArgsSource.TESTPATHS:
        return   # files or folders named: the developer's loop on a few tests, one process
    if not config.pluginmanager.hasplugin("xdist") or config.option.numprocesses is not None:
        return
    config.option.numprocesses = PROCESSES
    if config.option.dist == "no":
        config.option.dist = "loadfile"


def pytest_collection_modifyitems(config, items):
    if config.getoption("--full"):
        return
    left_out = [item for item in items if item.get_closest_marker("corpus")]
    if left_out:
        config.hook.pytest_deselected(items=left_out)
        items[:] = [item for item in items if not item.get_closest_marker("corpus")]
