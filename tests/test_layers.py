"""The grader's packages stand in layers, and the platform is tested in one place only.

Read from the sources (every import, at the top of a module or inside a function), never
by importing them, so a test fails on the line that breaks the rule."""
import ast
from pathlib import Path

KIT = Path(__file__).resolve().parents[1]
GRADER = KIT / "grader"

# Top to bottom: a package imports only those below it, so no two import each other. The
# instructor's commands and the reports sit on top; the sandbox, which runs a process and
# knows nothing of chats, at the bottom.
LAYERS = ("tools", "report", "checks", "chat", "engine", "sandbox")
# Leaf modules import only other leaves, and every layer may use them: the catalogue, how a
# check fails, the limits, the rules for reading a submission's bytes, how a module is
# started, the marks the started module prints, the keys a check's pytest item carries.
LEAVES = ("grader.messages", "grader.errors", "grader.engine.limits", "grader.engine.intake",
          "grader.engine.shapes", "grader.sandbox.constants", "grader.engine.keys")


def grader_sources():
    for path in sorted(GRADER.rglob("*.py")):
        yield path.relative_to(KIT).as_posix(), path


def imported_modules(tree):
    """(line, dotted name) of every grader module a module imports, lazily or not."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [f"{node.module}.{alias.name}" for alias in node.names]   # a name or a module of it
        else:
            continue
        for name in names:
            if name.startswith("grader."):
                yield node.lineno, name


def is_leaf(name):
    return any(name == leaf or name.startswith(leaf + ".") for leaf in LEAVES)


def test_the_packages_stand_in_layers_without_a_cycle():
    wrong = []
    for relative, path in grader_sources():
        parts = relative.split("/")
        if len(parts) < 3 or parts[1] not in LAYERS:
            continue
        source = parts[1]
        for line, name in imported_modules(ast.parse(path.read_text(encoding="utf-8"))):
            target = name.split(".")[1]
            if target == source or target not in LAYERS or is_leaf(name):
                continue
            if LAYERS.index(target) < LAYERS.index(source):
                wrong.append(f"{relative}:{line}: {source} imports {name}, a layer above it")
    assert not wrong, f"layers, top to bottom: {' > '.join(LAYERS)}:\n" + "\n".join(wrong)


def test_leaf_modules_import_only_leaves():
    found = []
    for leaf in LEAVES:
        path = KIT.joinpath(*leaf.split("."))
        paths = sorted(path.rglob("*.py")) if path.is_dir() else [path.with_suffix(".py")]
        for source in paths:
            found += [f"{source.relative_to(KIT).as_posix()}:{line}: {name}"
                      for line, name in imported_modules(ast.parse(source.read_text(encoding="utf-8")))
                      if not is_leaf(name)]
    assert not found, "a leaf module imports the grader beyond the leaves:\n" + "\n".join(found)


def platform_tests(tree):
    """(line, what) of every test of the platform a module makes itself: sys.platform,
    os.name, the stdlib's platform.system() and its kin, sys.getwindowsversion()."""
    stdlib_platform = set()   # the names the stdlib's `platform` module is imported as
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            stdlib_platform |= {alias.asname or alias.name for alias in node.names if alias.name == "platform"}
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            owner, attribute = node.value.id, node.attr
            if (owner, attribute) in {("sys", "platform"), ("os", "name"), ("sys", "getwindowsversion")}:
                yield node.lineno, f"{owner}.{attribute}"
            elif owner in stdlib_platform:
                yield node.lineno, f"platform.{attribute}"
        elif isinstance(node, ast.ImportFrom) and node.module in ("sys", "os", "platform") and node.level == 0:
            names = {alias.name for alias in node.names}
            if node.module == "platform" or names & {"platform", "name", "getwindowsversion"}:
                yield node.lineno, f"from {node.module} import {', '.join(sorted(names))}"


def test_only_the_platform_layer_tests_the_platform():
    """Callers ask grader/sandbox/platform/ by name (platform.is_windows(), has_namespaces(),
    process_group_options(), start_alarm, ...); the child's own files ask its system.py,
    which the harness loads beside them."""
    found = []
    for relative, path in grader_sources():
        if relative.startswith("grader/sandbox/platform/"):
            continue
        found += [f"{relative}:{line}: {what}"
                  for line, what in platform_tests(ast.parse(path.read_text(encoding="utf-8")))]
    assert not found, "ask grader/sandbox/platform/ by name instead:\n" + "\n".join(found)


def test_the_probe_finds_each_way_of_testing_the_platform():
    """The probe itself finds what it looks for (so an empty answer above means something)."""
    sample = ast.parse("import sys, os\nimport platform as p\nsys.platform == 'win32'\nos.name\np.system()\n")
    assert sorted(what for _, what in platform_tests(sample)) == ["os.name", "platform.system", "sys.platform"]
