"""Every platform's file, produced from real grading and read back against its documented fields.

Gradescope (autograder specification: results.json), PrairieLearn (external grading results),
Canvas and Moodle gradebook imports, the class overview, and the similarity report.
"""
import csv
import io
import json
import shutil
import subprocess
import sys
import tokenize
import ast
from pathlib import Path

import pytest

from grader.engine import rubric
from grader.report.gradescope import ProgressWriter, available_cpus, fenced, leaderboard_from_bench, to_gradescope
from grader.report.prairielearn import LIMIT, fit, to_prairielearn
from grader.engine.outcome import Outcome
from grader.engine.runner import Options, pending_result, score

KIT = Path(__file__).resolve().parents[1]
CORPUS = KIT / "tests" / "corpus"
VISIBILITIES = {"hidden", "after_due_date", "after_published", "visible"}


def grade_cli(folder, *args):
    done = subprocess.run([sys.executable, "-m", "grader", str(folder), *map(str, args)], cwd=KIT,
                          capture_output=True, text=True, encoding="utf-8", timeout=300)
    return done


def scored(folder, statuses=None, options=None):
    """A Result through the runner's own scoring, every check passed unless `statuses` says otherwise."""
    options = options or Options()
    tiers = ("default", "strict") if options.strict else ("default",)
    checks = [Outcome(c.id, (statuses or {}).get(c.id, "passed"), reason="x")
              for c in rubric.CHECKS if c.tier in tiers]
    return score(CORPUS / folder, checks, options, 1.0)


def copy_modules(source, target):
    target.mkdir(parents=True, exist_ok=True)
    for module in rubric.MODULES.values():
        if (source / module).is_file():
            shutil.copy(source / module, target / module)
    return target


# --- Gradescope --------------------------------------------------------------------------------

def check_gradescope(document):
    """The fields and ranges of Gradescope's results.json specification."""
    assert "max_score" not in document, "the specification has no top-level max_score"
    assert isinstance(document.get("execution_time", 0), int), "whole seconds, as in the specification"
    assert 0 <= document["score"] <= 100
    assert document["output_format"] == "md" and document["test_output_format"] == "md"
    assert sum(test.get("max_score") or 0 for test in document["tests"]) == 100, "max_scores add up to the total"
    for test in document["tests"]:
        assert test["output_format"] == "md" and isinstance(test["name"], str) and test["name"]
        if "score" in test:
            assert 0 <= test["score"] <= test["max_score"]
        assert test.get("status") in (None, "passed", "failed")
        assert test.get("visibility") in (None, *VISIBILITIES)
    for key in ("visibility", "stdout_visibility"):
        assert document.get(key) in (None, *VISIBILITIES)
    return document


def test_gradescope_results_from_a_real_run_are_markdown_with_coherent_totals(tmp_path):
    out, pl = tmp_path / "results.json", tmp_path / "pl.json"
    done = grade_cli(CORPUS / "correct_udp_only", "--json", out, "--prairielearn", pl,
                     "--visibility", "after_due_date", "--stdout-visibility", "hidden")
    assert done.returncode == 0, done.stdout + done.stderr
    document = check_gradescope(json.loads(out.read_text(encoding="utf-8")))
    assert document["score"] == 80 and document["visibility"] == "after_due_date"
    assert document["stdout_visibility"] == "hidden"
    assert document["output"].startswith("```text\n") and "Итог: 80 из 100" in document["output"]
    untaken = [t for t in document["tests"] if "untaken" in t["tags"]]
    assert len(untaken) == 1 and "score" not in untaken[0] and "status" not in untaken[0], \
        "the untaken TCP track is one neutral line, not 14 red 0/max rows"
    cap = [t for t in document["tests"] if "cap" in t["tags"]]
    assert len(cap) == 1 and cap[0]["max_score"] == 20
    assert document["extra_data"]["counted"] == "udp" and document["extra_data"]["partial"] is False

    plain = json.loads(pl.read_text(encoding="utf-8"))        # PrairieLearn, from the same run
    check_prairielearn(plain)
    assert plain["gradable"] is True and plain["score"] == 0.8


def test_gradescope_grader_fault_says_so_and_strict_points_do_not_show():
    fault = to_gradescope(scored("lecture_style", {"tcp.server.broadcast_3": "error"}))
    check_gradescope(fault)
    faulty = [t for t in fault["tests"] if "tcp.server.broadcast_3" in t["tags"]]
    assert "Regrade" in faulty[0]["output"] and "сбой" in faulty[0]["name"]
    assert "Regrade" in fault["output"].split("```")[0], "the banner above the report asks for a regrade"

    strict = to_gradescope(scored("lecture_style", options=Options(strict=True)),
                           strict_visibility="after_published")
    check_gradescope(strict)
    tier = [t for t in strict["tests"] if t["tags"][2:3] == ["strict"]]
    assert tier and all(t["max_score"] == 0 and t["score"] == 0 for t in tier)
    assert all(t["visibility"] == "after_published" for t in tier)

    nothing = check_gradescope(to_gradescope(scored("hostile_syntax_error", {c.id: "skipped" for c in rubric.CHECKS})))
    assert nothing["score"] == 0


def test_gradescope_results_are_written_before_grading_and_kept_current(tmp_path):
    out = tmp_path / "results.json"
    options = Options()
    writer = ProgressWriter(out, interval=0)
    writer.write(pending_result(CORPUS / "lecture_style", options))
    early = check_gradescope(json.loads(out.read_text(encoding="utf-8")))
    assert early["extra_data"]["partial"] is True and early["score"] == 0
    first = rubric.checks("tcp")[0]
    writer.on_progress(lambda: pending_result(CORPUS / "lecture_style", options, {first.id: Outcome(first.id, "passed")}))
    later = check_gradescope(json.loads(out.read_text(encoding="utf-8")))
    assert later["score"] == first.points and "Regrade" in later["output"]


def test_fences_hold_any_backticks_and_the_cpu_count_reads_the_quota(tmp_path):
    block = fenced("a ``` b\n````\n")
    assert block.startswith("`````text\n") and block.endswith("`````\n")
    (tmp_path / "cpu.max").write_text("50000 100000\n")
    assert available_cpus(tmp_path) == 1
    (tmp_path / "cpu.max").write_text("max 100000\n")
    assert available_cpus(tmp_path) >= 1
    bench = tmp_path / "bench.json"
    bench.write_text(json.dumps({"runs": [{"ending": "complete", "deliveries_per_s": 1234.5,
                                           "latency_ms": {"p99": 3.21}}]}))
    board = leaderboard_from_bench(bench)
    assert [entry["name"] for entry in board] == ["deliveries/s", "p99 latency, ms"]
    assert board[1]["order"] == "asc" and leaderboard_from_bench(tmp_path / "none.json") == []


# --- PrairieLearn ------------------------------------------------------------------------------

def check_prairielearn(document):
    assert isinstance(document["gradable"], bool)
    assert len(json.dumps(document, ensure_ascii=False).encode("utf-8")) < 1_000_000
    if document["gradable"]:
        assert 0.0 <= document["score"] <= 1.0
    else:
        assert document["format_errors"]
    for test in document["tests"]:
        assert {"name", "points", "max_points", "message", "output"} <= set(test)
        assert 0 <= test["points"] <= test["max_points"] or test["max_points"] == 0
    return document


def test_prairielearn_fault_is_not_gradable_and_a_huge_report_fits_the_cap(tmp_path):
    fault = check_prairielearn(to_prairielearn(scored("lecture_style", {"tcp.server.prompt": "error"})))
    assert fault["gradable"] is False and "score" not in fault
    good = check_prairielearn(to_prairielearn(scored("lecture_style", {"tcp.server.no_echo": "failed"})))
    assert good["score"] == 0.94 and sum(t["max_points"] for t in good["tests"]) == 100
    huge = dict(good, output="x" * 3_000_000, tests=[dict(t, output="y" * 200_000) for t in good["tests"]])
    assert len(json.dumps(fit(huge)).encode("utf-8")) <= LIMIT
    empty = tmp_path / "empty"
    empty.mkdir()
    done = grade_cli(empty, "--prairielearn", tmp_path / "pl.json")
    assert done.returncode == 2
    check_prairielearn(json.loads((tmp_path / "pl.json").read_text(encoding="utf-8")))


# --- Canvas, Moodle, the roster, the overview ----------------------------------------------------

@pytest.fixture(scope="module")
def gradebooks(tmp_path_factory):
    root = tmp_path_factory.mktemp("lms")
    subs = root / "subs"
    copy_modules(CORPUS / "lecture_style", subs / "ivanov")
    copy_modules(CORPUS / "tcp_server_echo", subs / "petrova")
    copy_modules(CORPUS / "correct_udp_only", subs / "stray")
    (root / "roster.csv").write_text(
        "folder;name;id;email;section;group\nivanov;Иванов Иван;1001;ivanov@uni.ru;A;ИВТ-1\n"
        "petrova;Петрова Анна;1002;petrova@uni.ru;B;ИВТ-2\nabsent;Сидоров Пётр;1003;sidorov@uni.ru;A;ИВТ-1\n",
        encoding="utf-8")
    out = root / "out"
    done = subprocess.run([sys.executable, "-m", "grader", "batch", str(subs), "--csv", str(out / "grades.csv"),
                           "--roster", str(root / "roster.csv"), "--canvas", str(out / "canvas.csv"),
                           "--moodle", str(out / "moodle.csv"), "--assignment", "Чат", "--assignment-id", "77",
                           "--overview", str(out / "overview.html")],
                          cwd=KIT, capture_output=True, text=True, encoding="utf-8", timeout=600)
    return {"root": root, "out": out, "done": done}


def read(path, bom=False):
    raw = Path(path).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") == bom
    # the LMS files are `,`; grades.csv (with its BOM) is for Russian Excel: `;`
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";" if bom else ","))


def test_canvas_gradebook_has_its_import_columns_and_every_roster_student(gradebooks):
    assert gradebooks["done"].returncode == 0, gradebooks["done"].stdout + gradebooks["done"].stderr
    rows = read(gradebooks["out"] / "canvas.csv")
    assert list(rows[0]) == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", "Чат (77)"]
    by_name = {row["Student"]: row for row in rows}
    assert set(by_name) == {"Иванов Иван", "Петрова Анна", "Сидоров Пётр"}, "strays stay out of the LMS file"
    assert by_name["Иванов Иван"]["Чат (77)"] == "100" and by_name["Иванов Иван"]["SIS User ID"] == "1001"
    assert by_name["Петрова Анна"]["Чат (77)"] == "66" and by_name["Петрова Анна"]["SIS Login ID"] == "petrova@uni.ru"
    assert by_name["Сидоров Пётр"]["Чат (77)"] == "0" and by_name["Сидоров Пётр"]["Section"] == "A"
    assert all(0 <= float(row["Чат (77)"]) <= 100 for row in rows)


def test_moodle_gradebook_matches_by_email_or_id_number_with_feedback(gradebooks):
    rows = read(gradebooks["out"] / "moodle.csv")
    assert list(rows[0]) == ["Email address", "ID number", "Full name", "Чат", "Feedback"]
    by_email = {row["Email address"]: row for row in rows}
    assert by_email["ivanov@uni.ru"]["ID number"] == "1001" and by_email["ivanov@uni.ru"]["Чат"] == "100"
    assert "1.8" in by_email["petrova@uni.ru"]["Feedback"], "the feedback names the failed check"
    assert by_email["sidorov@uni.ru"]["Чат"] == "0" and "не сдано" in by_email["sidorov@uni.ru"]["Feedback"]


def test_the_batch_csv_keeps_roster_columns_and_lists_strays(gradebooks):
    rows = read(gradebooks["out"] / "grades.csv", bom=True)
    assert list(rows[0])[:6] == ["name", "id", "email", "section", "group", "student"]
    by_student = {row["student"]: row for row in rows}
    assert by_student["absent"]["score"] == "0" and "не сдано" in by_student["absent"]["status"]
    assert by_student["stray"]["name"] == "" and by_student["stray"]["score"] == "80"
    assert by_student["ivanov"]["group"] == "ИВТ-1"
    text = gradebooks["done"].stdout
    assert "stray" in text and "Студентов без решения: 1" in text


def test_the_overview_shows_distribution_and_most_failed_checks_with_hints(gradebooks):
    page = (gradebooks["out"] / "overview.html").read_text(encoding="utf-8")
    no_echo = rubric.BY_ID["tcp.server.no_echo"]
    assert no_echo.text("ru") in page and "href='#hint-tcp.server.no_echo'" in page
    assert "id='hint-tcp.server.no_echo'" in page and no_echo.hint("ru") in page
    first_row = page.index("<table>")
    assert page.index(no_echo.text("ru"), first_row) < page.index(rubric.BY_ID["tcp.server.static"].text("ru"), first_row), \
        "the most failed check comes first"
    assert "Прошли" in gradebooks["done"].stdout and "1.8" in gradebooks["done"].stdout


def test_a_bad_roster_is_one_sentence_before_any_grading(tmp_path):
    subs = copy_modules(CORPUS / "lecture_style", tmp_path / "subs" / "a").parent
    (tmp_path / "roster.csv").write_text("student,mail\nx,y\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "grader", "batch", str(subs), "--csv", str(tmp_path / "g.csv"),
                           "--roster", str(tmp_path / "roster.csv")], cwd=KIT, capture_output=True, text=True, encoding="utf-8",
                          timeout=120)
    assert done.returncode == 2 and "folder" in done.stdout and "Traceback" not in done.stdout + done.stderr
    assert not (tmp_path / "g.csv").exists()


# --- similarity ------------------------------------------------------------------------------------

def renamed(source):
    """The same program with every name it defines renamed (functions, arguments, variables)."""
    tree = ast.parse(source)
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.arg):
            names.add(node.arg)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
    names -= {"main", "self"}
    out, previous = [], None
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        text = token.string
        if token.type == tokenize.NAME and text in names and previous != ".":
            text = f"renamed_{text}_x"
        out.append((token.type, text))
        previous = token.string
    return tokenize.untokenize(out)


def test_similarity_puts_a_renamed_copy_first_and_leaves_out_what_was_given(tmp_path, pristine_lab):
    pytest.importorskip("copydetect")
    subs = tmp_path / "subs"
    copy_modules(CORPUS / "correct_classes", subs / "anna")
    boris = copy_modules(CORPUS / "correct_classes", subs / "boris")
    for module in boris.glob("*.py"):
        module.write_text(renamed(module.read_text(encoding="utf-8")), encoding="utf-8")
    copy_modules(CORPUS / "lecture_style", subs / "vera")
    copy_modules(CORPUS / "correct_thread_subclass", subs / "gleb")
    copy_modules(CORPUS / "correct_udp_only", subs / "dina")
    for name in ("skeleton1", "skeleton2"):       # untouched skeletons: everything in them was given
        copy_modules(pristine_lab, subs / name)
    done = subprocess.run([sys.executable, "-m", "grader", "similarity", str(subs), "--html",
                           str(tmp_path / "report.html"), "--json", str(tmp_path / "pairs.json")],
                          cwd=KIT, capture_output=True, text=True, encoding="utf-8", timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    pairs = json.loads((tmp_path / "pairs.json").read_text(encoding="utf-8"))["pairs"]
    assert len(pairs) == 7 * 6 // 2
    assert {pairs[0]["a"], pairs[0]["b"]} == {"anna", "boris"} and pairs[0]["score"] > 0.8
    assert [p["score"] for p in pairs] == sorted((p["score"] for p in pairs), reverse=True)
    assert all(0 <= p["score"] <= 1 for p in pairs)
    skeletons = next(p for p in pairs if {p["a"], p["b"]} == {"skeleton1", "skeleton2"})
    assert skeletons["score"] == 0, "the kit's skeletons are boilerplate, never a match"
    assert "anna — boris" in done.stdout
    index = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert "report-pairs/001.html" in index
    assert "<mark>" in (tmp_path / "report-pairs" / "001.html").read_text(encoding="utf-8")


def test_similarity_bad_input_is_one_sentence(tmp_path):
    done = subprocess.run([sys.executable, "-m", "grader", "similarity", str(tmp_path / "nowhere")], cwd=KIT,
                          capture_output=True, text=True, encoding="utf-8", timeout=60)
    assert done.returncode == 2 and "Traceback" not in done.stdout + done.stderr
    assert len(done.stdout.strip().splitlines()) == 1
