"""The catalogue of sentences: both languages say the same things, and nothing else says them."""
import ast
import re
from pathlib import Path

from grader.messages import CATALOGUES, placeholders

KIT = Path(__file__).resolve().parents[1]
CYRILLIC = re.compile("[\u0400-\u04FF]")

# Where Cyrillic belongs: the catalogue (a check's line and hints too), the protocol, and chat programs
# written the way a student writes them (skeletons, reference solutions, the lecture's
# example, the benchmark's peer servers, the corpus and the tests' own servers).
HOMES = ("grader/messages/", "chatkit/", "lab/", "solutions/", "docs/lecture/",
         "benchmarks/peers/", "tests/")
# Chat content, not sentences: the names the simulated users have and the lines they type,
# which are Russian in every report language (a check reads as a scenario: anya.say("Привет!")).
CHAT_CONTENT = ("grader/checks/", "grader/chat/cast.py", "grader/tools/demo.py", "grader/tools/bench/plan.py")


def kit_sources():
    for path in sorted(KIT.rglob("*.py")):
        relative = path.relative_to(KIT).as_posix()
        if relative.startswith((".", "build/")) or "/." in relative or "site-packages" in relative:
            continue
        yield relative, path


def literals(tree):
    """Every string constant of a module except docstrings (which explain, in any language)."""
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                docstrings.add(id(first.value))
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            yield node


def test_every_id_exists_in_both_languages():
    assert set(CATALOGUES["ru"]) == set(CATALOGUES["en"])


def test_both_languages_fill_in_the_same_fields():
    ru, en = CATALOGUES["ru"], CATALOGUES["en"]
    different = {key for key in ru if placeholders(ru[key]) != placeholders(en[key])}
    assert not different


def test_ids_are_dotted_by_area():
    assert all(re.fullmatch(r"[a-z]+(\.[a-z0-9_-]+)+", key) for key in CATALOGUES["ru"])


def test_no_cyrillic_literal_lives_outside_its_homes():
    found = []
    for relative, path in kit_sources():
        if relative.startswith(HOMES + CHAT_CONTENT):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=relative)
        found += [f"{relative}:{node.lineno}: {node.value[:50]!r}" for node in literals(tree)
                  if CYRILLIC.search(node.value)]
    assert not found, "Russian text belongs in grader/messages/ru.py (with its English in en.py):\n" + "\n".join(found)


def test_only_the_catalogue_chooses_between_the_languages():
    """No `lang == "ru"`: a sentence is said with say(id, lang), never picked by hand."""
    found = []
    for relative, path in kit_sources():
        if not relative.startswith("grader/") or relative.startswith("grader/messages/"):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=relative)
        for node in ast.walk(tree):
            if isinstance(node, ast.Compare) and any(isinstance(side, ast.Constant) and side.value in ("ru", "en")
                                                     for side in [node.left, *node.comparators]):
                found.append(f"{relative}:{node.lineno}")
    assert not found, "choose the language with grader.messages.say:\n" + "\n".join(found)


def catalogue_keys(module):
    """Every key of a catalogue's TEXT literal as written, duplicates included (a dict keeps the last)."""
    tree = ast.parse((KIT / "grader" / "messages" / f"{module}.py").read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "TEXT" for t in node.targets):
            assert isinstance(node.value, ast.Dict), f"{module}.py: TEXT must be one dict literal"
            return [(key.value, key.lineno) for key in node.value.keys if isinstance(key, ast.Constant)]
    raise AssertionError(f"{module}.py has no TEXT")


def test_no_catalogue_writes_an_id_twice():
    """A repeated key silently loses the first sentence: the dict keeps only the last copy."""
    for module in CATALOGUES:
        seen, twice = {}, []
        for key, line in catalogue_keys(module):
            if key in seen:
                twice.append(f"grader/messages/{module}.py:{line}: {key!r} (first at line {seen[key]})")
            seen.setdefault(key, line)
        assert not twice, "an id written twice (keep one copy):\n" + "\n".join(twice)


def id_uses():
    """The ids the kit's code names: whole string literals, and the prefixes of ids it builds
    at run time (f"report.kind.{kind}", "roles.part." + part)."""
    whole, prefixes = set(), set()
    for relative, path in kit_sources():
        if not relative.startswith(("grader/", "chatkit/", "benchmarks/")) or relative.startswith("grader/messages/"):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=relative)):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                whole.add(node.value)
            first = None
            if isinstance(node, ast.JoinedStr) and node.values:
                first = node.values[0]
            elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
                first = node.left
            if isinstance(first, ast.Constant) and isinstance(first.value, str) and "." in first.value:
                prefixes.add(first.value)
    return whole, prefixes


def test_every_id_is_used_and_findable():
    """Every id is said somewhere: written whole, or as the dotted prefix its code completes
    (grep for "report.kind." finds where report.kind.* is said). An id nobody says is dead."""
    whole, prefixes = id_uses()
    unused = [key for key in CATALOGUES["ru"]
              if key not in whole and not any(key.startswith(p) and p.endswith(".") for p in prefixes)]
    assert not unused, "ids no code says (use them or remove them from ru.py and en.py):\n" + "\n".join(unused)
