"""One record per check: a check's record (grader/engine/rubric.py) and its @check function
are the only places of grader/ that name it, and everything else is derived from the record."""
import ast
from pathlib import Path

from grader.engine import rubric
from grader.messages import CATALOGUES
from test_messages import literals   # a module's string constants, docstrings left out

KIT = Path(__file__).resolve().parents[1]
GRADER = KIT / "grader"
CHECKS_DIR = GRADER / "checks"

# Behaviour that reads one named check's outcome (not a list of checks): file -> the ids it may name.
READS_A_NAMED_CHECK = {
    "grader/report/terminal.py": {"tcp.server.static"},   # fit_hints: the server has its threads
}


def marked_checks():
    """(file under grader/checks/, rubric id) for every function marked @check("id")."""
    for path in sorted(CHECKS_DIR.rglob("check_*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                for decorator in node.decorator_list:
                    if isinstance(decorator, ast.Call) and getattr(decorator.func, "id", None) == "check":
                        yield path.relative_to(CHECKS_DIR).as_posix(), decorator.args[0].value


def test_every_record_has_one_function_in_the_file_it_names():
    """The runner's units are derived from the records' files: the code must be where its record says."""
    assert sorted((check.checks_file, check.id) for check in rubric.CHECKS) == sorted(marked_checks())


def test_a_check_is_named_only_by_its_record_and_its_function():
    """Adding a check touches its record, its checks file and the catalogues: nothing else of
    grader/ spells its id (the milestones, the runner's plan, the probe and the rubric's tables
    are derived from the records)."""
    ids = {check.id for check in rubric.CHECKS}
    homes = {check.id: {"grader/engine/rubric.py", f"grader/checks/{check.checks_file}"} for check in rubric.CHECKS}
    found = []
    for path in sorted(GRADER.rglob("*.py")):
        relative = path.relative_to(KIT).as_posix()
        if relative.startswith("grader/messages/"):
            continue
        allowed = READS_A_NAMED_CHECK.get(relative, set())
        for value in (node.value for node in literals(ast.parse(path.read_text(encoding="utf-8")))):
            if value in ids and relative not in homes[value] and value not in allowed:
                found.append(f"{relative}: {value}")
    assert not found, "derive from rubric.CHECKS instead of naming a check:\n" + "\n".join(sorted(set(found)))


def test_a_record_names_its_sentences_and_the_catalogue_has_them_all():
    """Each check's line and hints are check.<id> and check.<id>.idea/.api/.shape: the catalogue
    holds exactly those (none missing, none left over from a check that went)."""
    named = {key for check in rubric.CHECKS for key in (check.line, *check.hints)}
    assert {key for key in CATALOGUES["ru"] if key.startswith("check.")} == named


def test_assignment_md_is_what_the_records_generate():
    """`python -m grader rubric --update assignment.md` rewrites every rubric section (both tiers,
    both languages) from the records; the file must already be what it writes."""
    text = (KIT / "assignment.md").read_text(encoding="utf-8")
    for tag in ("rubric", "rubric:strict"):
        for lang in ("ru", "en"):
            assert f"<!-- {tag}:{lang} -->" in text and f"<!-- /{tag}:{lang} -->" in text
    assert rubric.update_sections(text) == text, "run: python -m grader rubric --update assignment.md"


def test_the_milestones_and_the_plan_are_derived_from_the_records():
    from grader.engine import runner, steps, strict_probe
    for track in rubric.TRACKS:
        stepped = [check_id for milestone in steps.MILESTONES[track] for check_id in milestone.checks]
        assert sorted(stepped) == sorted(c.id for c in rubric.checks(track))
        units = {c.checks_file for c in rubric.checks(track, tier="strict")}
        assert set(runner.STRICT_FILES[track]) == units
    for (track, role), unit in runner.CHECK_FILES.items():
        assert set(unit) == {c.checks_file for c in rubric.checks(track, role)}
    assert set(strict_probe.CHEAP) == {c.id for c in rubric.CHECKS if c.probe}
