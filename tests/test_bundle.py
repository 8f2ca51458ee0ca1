"""The hosted graders: the Gradescope zip rehearsed in a fake /autograder, and the Classroom workflow."""
import base64
import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from grader.engine import rubric
from grader.tools import bundle
from grader.messages import say

KIT = Path(__file__).resolve().parents[1]
# The scripts run under Linux's bash on Gradescope and Classroom; on Windows `bash` is often
# WSL's stub (C:\Windows\System32\bash.exe), found first, which runs nothing of ours.
needs_bash = pytest.mark.skipif(sys.platform == "win32",
                                reason="the hosted graders run these scripts under Linux's bash; Windows' bash is WSL's stub")
LECTURE = KIT / "tests" / "corpus" / "lecture_style"
SOLUTIONS = KIT / "solutions"


def copy_modules(source, target):
    target.mkdir(parents=True, exist_ok=True)
    for module in rubric.MODULES.values():
        if (source / module).is_file():
            shutil.copy(source / module, target / module)
    return target


def stub(folder, name, body):
    path = folder / name
    path.write_text("#!/bin/sh\n" + body, encoding="utf-8")
    path.chmod(0o755)


@pytest.fixture(scope="module")
def autograder(tmp_path_factory):
    """A fake /autograder: the bundle unpacked into source/ the way Gradescope does it."""
    root = tmp_path_factory.mktemp("autograder")
    out = root / "chat-autograder.zip"
    done = subprocess.run([sys.executable, "-m", "grader", "gradescope-bundle", str(out)], cwd=KIT,
                          capture_output=True, text=True, encoding="utf-8", timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    with zipfile.ZipFile(out) as archive:
        archive.extractall(root / "source")
        infos = {info.filename: info for info in archive.infolist()}
    for script in ("setup.sh", "run_autograder"):
        (root / "source" / script).chmod(0o755)
    return {"root": root, "zip": out, "infos": infos}


def run_autograder(root, submission):
    """Put a submission in place and run run_autograder against the fake root."""
    shutil.rmtree(root / "submission", ignore_errors=True)
    shutil.rmtree(root / "results", ignore_errors=True)
    shutil.copytree(submission, root / "submission")
    env = dict(os.environ, AUTOGRADER_ROOT=str(root), PYTHON=sys.executable)
    done = subprocess.run(["bash", str(root / "source" / "run_autograder")], cwd=root, env=env,
                          capture_output=True, text=True, encoding="utf-8", timeout=300)
    results = root / "results" / "results.json"
    document = json.loads(results.read_text(encoding="utf-8")) if results.exists() else None
    return done, document


def test_the_bundle_holds_the_scripts_and_the_kit_but_no_solutions(autograder):
    infos = autograder["infos"]
    for name in ("setup.sh", "run_autograder"):
        assert name in infos
        assert (infos[name].external_attr >> 16) & 0o111, f"{name} must be executable"
    for name in ("pyproject.toml", "README.md", "chatkit/protocol.py", "grader/__main__.py", "grader/engine/runner.py",
                 "grader/sandbox/harness.py", "grader/checks/conftest.py", "grader/checks/pytest.ini"):
        assert name in infos, name
    assert not any(name.startswith(("solutions/", "lab/", "tests/")) for name in infos)
    assert not any("__pycache__" in name or name.endswith(".pyc") for name in infos)


@needs_bash
def test_setup_installs_the_kit_with_pip(autograder, tmp_path):
    """setup.sh, with pip3 and apt-get replaced by stubs that only write down what they were asked."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    log = tmp_path / "calls.log"
    stub(bin_dir, "pip3", f'echo "pip3 $*" >> "{log}"\n')
    stub(bin_dir, "apt-get", f'echo "apt-get $*" >> "{log}"\n')
    # A wrapper, not a symlink: a link to the venv's interpreter placed outside the venv would
    # miss pyvenv.cfg and run the base interpreter, which need not have the kit's dependencies.
    stub(bin_dir, "python3", f'exec "{sys.executable}" "$@"\n')
    env = dict(os.environ, AUTOGRADER_ROOT=str(autograder["root"]), PATH=f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    done = subprocess.run(["bash", str(autograder["root"] / "source" / "setup.sh")], env=env,
                          capture_output=True, text=True, encoding="utf-8", timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    calls = log.read_text(encoding="utf-8").splitlines()
    assert calls == ["pip3 install --no-cache-dir ."], calls


@needs_bash
def test_run_autograder_grades_the_submission_into_results_json(autograder):
    done, document = run_autograder(autograder["root"], copy_modules(SOLUTIONS, autograder["root"] / "staging"))
    assert done.returncode == 0, done.stdout + done.stderr
    assert document["score"] == 100 and "max_score" not in document
    assert len(document["tests"]) == len(rubric.checks())
    assert all({"name", "score", "max_score", "status", "output"} <= set(test) for test in document["tests"])
    assert say("report.final", "ru", score=100) in done.stdout, "Gradescope keeps the report in results/stdout for the instructor"


@needs_bash
def test_a_repository_submission_is_graded_in_its_lab_folder(autograder, tmp_path):
    repository = tmp_path / "repository"
    copy_modules(LECTURE, repository / "lab")
    (repository / "README.md").write_text("# my chat\n", encoding="utf-8")
    done, document = run_autograder(autograder["root"], repository)
    assert done.returncode == 0, done.stdout + done.stderr
    assert document["score"] == 100 and document["extra_data"]["tcp"] == 100


@needs_bash
def test_an_empty_submission_gets_zero_and_the_reason(autograder, tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "notes.txt").write_text("забыл приложить файлы\n", encoding="utf-8")
    done, document = run_autograder(autograder["root"], empty)
    assert done.returncode == 0, done.stdout + done.stderr
    assert document["score"] == 0 and "не папка с решением" in document["output"]


def test_scripts_checked_out_with_crlf_go_into_the_bundle_with_lf(tmp_path, monkeypatch):
    """A clone made on Windows (Git's CRLF): setup.sh and run_autograder still reach Gradescope with LF."""
    templates = tmp_path / "templates"
    templates.mkdir()
    for script in ("setup.sh", "run_autograder"):
        text = (bundle.TEMPLATES / script).read_bytes()
        assert b"\r" not in text
        (templates / script).write_bytes(text.replace(b"\n", b"\r\n"))
    monkeypatch.setattr(bundle, "TEMPLATES", templates)
    bundle.build(tmp_path / "out.zip")
    with zipfile.ZipFile(tmp_path / "out.zip") as archive:
        for script in ("setup.sh", "run_autograder"):
            data = archive.read(script)
            assert b"\r" not in data and data.startswith(b"#!/usr/bin/env bash\n"), script
    assert bundle.lf(b"set -o pipefail\r\nexit 0\r\n") == b"set -o pipefail\nexit 0\n"


def test_git_keeps_lf_for_the_scripts_on_every_clone():
    """.gitattributes: Windows' checkout must not turn the bash scripts into CRLF."""
    rules = (KIT / ".gitattributes").read_text(encoding="utf-8")
    assert "grader/templates/* text eol=lf" in rules and ".ci/* text eol=lf" in rules


def test_the_bundle_refuses_a_name_without_zip(tmp_path):
    assert bundle.main([str(tmp_path / "autograder.tar")]) == 2


# --- GitHub Classroom ------------------------------------------------------------------------------

WORKFLOW = KIT / "grader" / "templates" / "classroom.yml"


def document_for(tcp, udp, fail_tcp=()):
    """A results.json as the grader writes it, for given track scores (through the real builder)."""
    from grader.report.gradescope import to_gradescope
    from grader.engine.outcome import Outcome
    from grader.engine.runner import Options, score

    folder = KIT / "tests" / "corpus" / ("correct_functions" if tcp and udp else
                                         "lecture_style" if tcp else "correct_udp_only")
    checks = [Outcome(c.id, "failed" if c.id in fail_tcp else "passed") for c in rubric.checks()]
    return to_gradescope(score(folder, checks, Options(), 1.0))


def reporter_figures(results):
    """What the reporter shows, computed as its source does: (notice points, notice max,
    table score, table max). Notice: sum of tests[].score over runners with a max_score;
    table: passed/len(tests) x max_score per runner."""
    notice = sum(sum(t["score"] for t in r["tests"]) for r in results.values() if r["max_score"])
    notice_max = sum(r["max_score"] for r in results.values())
    table = sum(sum(t["status"] == "pass" for t in r["tests"]) / len(r["tests"]) * r["max_score"]
                for r in results.values())
    return notice, notice_max, table, notice_max


def test_classroom_notice_and_log_table_agree_for_every_score():
    one_fail = bundle.classroom_result(document_for(tcp=True, udp=False, fail_tcp={"tcp.server.no_echo"}), 60)
    assert list(one_fail) == list(bundle.RUNNERS)
    assert reporter_figures(one_fail) == (94, 100, 94, 100)
    assert one_fail["earned"]["status"] == "pass"
    assert [t["status"] for t in one_fail["missed"]["tests"]] == ["fail"]
    udp_only = bundle.classroom_result(document_for(tcp=False, udp=True), 90)
    assert reporter_figures(udp_only) == (80, 100, 80, 100) and udp_only["earned"]["status"] == "fail"
    full = bundle.classroom_result(document_for(tcp=True, udp=False), 60)
    assert reporter_figures(full) == (100, 100, 100, 100)
    nothing = bundle.classroom_result(document_for(tcp=True, udp=False, fail_tcp={c.id for c in rubric.checks("tcp")}))
    assert reporter_figures(nothing) == (0, 100, 0, 100)
    for results in (one_fail, udp_only, full, nothing):
        assert all(r["tests"] for r in results.values()), "a runner without tests prints NaN"
    missing = bundle.classroom_result(None)
    assert missing["missed"]["status"] == "error" and reporter_figures(missing)[:2] == (0, 100)


def test_classroom_with_no_points_and_no_tests_shows_zero_in_log_and_notice_in_its_language():
    """A results.json with 0 points and no tests (nothing to grade): the reporter's log table,
    its passed count and its notice all say 0 of 100; nothing reads "every point earned"."""
    document = {"score": 0, "output": "no chat module", "tests": [], "extra_data": {"lang": "en"}}
    results = bundle.classroom_result(document, 60)
    assert reporter_figures(results) == (0, 100, 0, 100)
    tests = [t for r in results.values() for t in r["tests"]]
    assert not any(t["status"] == "pass" for t in tests), "0 points: no test reads as passed"
    assert say("classroom.none_missed", "en") not in [t["name"] for t in tests]
    missing = bundle.classroom_result(None, lang="en")
    assert missing["missed"]["tests"][0]["message"] == say("classroom.no_results", "en")
    done = subprocess.run([sys.executable, "-m", "grader", "classroom-result", "/nonexistent.json", "--lang", "en"],
                          cwd=KIT, capture_output=True, text=True, timeout=60)
    missed = json.loads(base64.b64decode(done.stdout.split("missed=")[1].strip()))
    assert missed["tests"][0]["message"] == say("classroom.no_results", "en")


def test_the_classroom_workflow_keeps_the_names_classroom_looks_for():
    yaml = pytest.importorskip("yaml")
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    assert workflow["name"] == "Autograding Tests"
    assert list(workflow["jobs"]) == ["run-autograding-tests"]
    steps = workflow["jobs"]["run-autograding-tests"]["steps"]
    grade = next(step for step in steps if step.get("id") == "chat")
    assert "python -m grader" in grade["run"] and "--fail-under" in grade["run"]
    reporter = next(step for step in steps if "autograding-grading-reporter" in step.get("uses", ""))
    assert reporter["with"]["runners"] == ",".join(bundle.RUNNERS)
    for runner in bundle.RUNNERS:
        assert f"steps.chat.outputs.{runner}" in reporter["env"][f"{runner.upper()}_RESULTS"]
    assert "YOUR-COURSE" in workflow["env"]["CHATKIT_INSTALL"], "the placeholder must stay visible"


@needs_bash
def test_the_classroom_grading_step_reports_points(tmp_path):
    """Run the workflow's grading step as Actions would, with the kit already installed."""
    yaml = pytest.importorskip("yaml")
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    steps = workflow["jobs"]["run-autograding-tests"]["steps"]
    script = next(step for step in steps if step.get("id") == "chat")["run"]
    workspace = tmp_path / "student-repo"
    copy_modules(LECTURE, workspace / "lab")
    runner_temp = tmp_path / "runner"
    runner_temp.mkdir()
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    stub(bin_dir, "python", f'exec "{sys.executable}" "$@"\n')  # a symlink would lose the venv
    output = tmp_path / "github_output"
    env = dict(os.environ, **workflow["env"], GITHUB_WORKSPACE=str(workspace), RUNNER_TEMP=str(runner_temp),
               GITHUB_OUTPUT=str(output), PATH=f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    done = subprocess.run(["bash", "-c", script], env=env, capture_output=True, text=True, encoding="utf-8", timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    lines = dict(line.split("=", 1) for line in output.read_text(encoding="utf-8").split())
    results = {runner: json.loads(base64.b64decode(lines[runner])) for runner in bundle.RUNNERS}
    assert results["earned"]["status"] == "pass" and reporter_figures(results) == (100, 100, 100, 100)


def test_the_leaderboard_measures_a_server_whatever_its_file_name(tmp_path):
    """--leaderboard: the bench finds the student's TCP server by its code (server.py here),
    and results.json carries the entries Gradescope's leaderboard reads."""
    root = tmp_path / "autograder"
    out = tmp_path / "chat-autograder.zip"
    done = subprocess.run([sys.executable, "-m", "grader", "gradescope-bundle", str(out), "--leaderboard"], cwd=KIT,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    with zipfile.ZipFile(out) as archive:
        archive.extractall(root / "source")
    (root / "source" / "run_autograder").chmod(0o755)
    staging = tmp_path / "staging"
    staging.mkdir()
    shutil.copy(SOLUTIONS / "tcp_server.py", staging / "server.py")
    shutil.copy(SOLUTIONS / "tcp_client.py", staging / "client.py")
    done, document = run_autograder(root, staging)
    assert done.returncode == 0, done.stdout + done.stderr
    assert document["score"] == 100, document["output"]
    board = document.get("leaderboard")
    assert board and all({"name", "value"} <= set(entry) for entry in board), document.keys()
    assert "max_score" not in document and isinstance(document["execution_time"], int)
