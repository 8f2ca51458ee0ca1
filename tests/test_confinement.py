"""Untrusted code stays in its copy: no file outside it written or read, no host service
reached, no limit raised, no process left, and the run says what confined it.

The hostile submission (tests/corpus/hostile_escape) is graded by the real runner, with
real workers; the test gives it targets of its own making (files, folders, a TCP listener
and a UDP socket on 127.0.0.1, port 0) through escape_targets.json in the submission's
folder, since the child's environment is scrubbed, and checks each one itself afterwards.
What must fail depends on what the platform offers, which the run reports: each
assertion is made where that confinement is in place, and on Linux the test demands the
confinement the kernel allows.
"""
import json
import os
import select
import shutil
import socket
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path

import pytest

from grader.sandbox import landlock
from grader.sandbox.confinement import Confinement, describe
from grader.report.gradescope import to_gradescope
from grader.engine.runner import Options, grade

KIT = Path(__file__).resolve().parents[1]
HOSTILE = KIT / "tests" / "corpus" / "hostile_escape"
LINUX = sys.platform.startswith("linux")
PORTABLE = os.environ.get("CHATKIT_PLATFORM") == "portable"


def marked_processes(marker):
    found = []
    for pid in os.listdir("/proc") if os.path.isdir("/proc") else ():
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as cmdline:
                if marker.encode() in cmdline.read():
                    with open(f"/proc/{pid}/stat") as stat:
                        if stat.read().rsplit(")", 1)[1].split()[0] != "Z":
                            found.append(int(pid))
        except (OSError, ValueError, IndexError):
            continue
    return found


def netns_possible():
    """Can a fresh process here enter a network namespace (as the worker would)?"""
    done = subprocess.run([sys.executable, "-c", "from grader.sandbox import netns; print(netns.enter()[0])"],
                          cwd=KIT, capture_output=True, text=True, encoding="utf-8", timeout=30)
    return done.stdout.strip() == "netns"


class Host:
    """What the grader's host holds that the submission must not touch."""

    def __init__(self, root):
        tag = uuid.uuid4().hex[:12]
        self.root = root
        self.batch = root / "batch"                     # the batch: the hostile one and a classmate
        self.submission = self.batch / "hostile"
        shutil.copytree(HOSTILE, self.submission)
        (self.batch / "classmate").mkdir()
        self.classmate_file = f"classmate_{tag}.py"
        (self.batch / "classmate" / self.classmate_file).write_text("# another student's work\n")
        self.private = root / "private"                 # a folder of the grader's user
        self.private.mkdir(mode=0o700)
        self.secret_text = f"secret-{tag}"
        self.secret = self.private / "id_token"
        self.secret.write_text(self.secret_text)
        self.secret.chmod(0o600)
        home = Path.home()
        self.writes = [KIT / f".chatkit-escape-{tag}",  # the grader's folder
                       home / f".chatkit-escape-{tag}",  # the user's home
                       Path(tempfile.gettempdir()) / f"chatkit-escape-{tag}",
                       Path("/tmp") / f"chatkit-escape-{tag}",
                       self.private / "planted"]
        self.tcp = socket.create_server(("127.0.0.1", 0))   # another service of this host
        self.udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.udp.bind(("127.0.0.1", 0))
        self.marker = f"chatkit-escape-daemon-{tag}"
        targets = {"write": [str(p) for p in self.writes], "read": [str(self.secret)],
                   "list": [str(self.batch), str(self.private)],
                   "tcp": [self.tcp.getsockname()[1]], "udp": [self.udp.getsockname()[1]],
                   "marker": self.marker}
        (self.submission / "escape_targets.json").write_text(json.dumps(targets))
        self.before = self.snapshot()

    def snapshot(self):
        return sorted((str(p), p.stat().st_size) for p in self.root.rglob("*") if p.is_file())

    def reached(self, sock):
        """Did anything connect or send to `sock`? Grading is over, so it is already queued."""
        return bool(select.select([sock], [], [], 0)[0])

    def close(self):
        self.tcp.close()
        self.udp.close()
        for path in self.writes:
            if path.exists():
                path.unlink()


@pytest.fixture(scope="module")
def graded():
    """Grade the hostile submission once; yield (the Host, the Result, what the child said)."""
    root = Path(tempfile.mkdtemp(prefix="chatkit-confine-"))
    root.chmod(0o755)  # the child may run as another user: let it see its own copy being made
    host = Host(root)
    try:
        result = grade(host.submission, Options(lang="en", workers=1, only="tcp"))
        said = []
        for record in result.checks:
            for output in record.outputs:
                said += [json.loads(line[len("ESCAPE "):]) for line in output["stderr"].splitlines()
                         if line.startswith("ESCAPE ")]
        leftovers = marked_processes(host.marker)
        yield host, result, said, leftovers
    finally:
        host.close()
        shutil.rmtree(root, ignore_errors=True)


def facts(result):
    return Confinement(**result.confinement)


def test_the_hostile_submission_gets_its_chat_score_and_the_run_names_its_confinement(graded):
    host, result, said, _ = graded
    assert result.score == 72 and not result.grader_fault
    assert len(said) >= 9, "every server check starts the child, which tries every time"
    document = to_gradescope(result, "en")
    assert document["extra_data"]["confinement"] == result.confinement
    # the paragraph is the instructor's: in results.json beside the report, not in the student's head of it
    assert document["extra_data"]["protection"].startswith("Confinement of this run: network"), document["extra_data"]


@pytest.mark.skipif(not LINUX, reason="Linux confinement: Landlock and network namespaces")
def test_on_linux_the_run_has_the_confinement_the_kernel_allows(graded):
    _, result, _, _ = graded
    if PORTABLE:
        assert facts(result).files == "none" and facts(result).why["files"] == "CHATKIT_PLATFORM=portable"
        return
    if landlock.abi() >= 1:
        assert facts(result).files == "landlock", result.confinement
    if netns_possible():
        assert facts(result).network == "netns", result.confinement


def test_no_file_outside_the_copy_is_written_and_nothing_of_the_host_changes(graded):
    host, result, said, _ = graded
    if facts(result).files != "landlock":
        pytest.skip(f"files are not confined here: {result.confinement}")
    assert [path for path in host.writes if path.exists()] == []
    assert host.snapshot() == host.before
    for seen in said:
        assert all(outcome.startswith("denied") for outcome in seen["write"].values()), seen["write"]


def test_no_file_of_the_grader_user_is_read_and_no_other_submission_listed(graded):
    host, result, said, _ = graded
    if facts(result).files != "landlock":
        pytest.skip(f"files are not confined here: {result.confinement}")
    everything = json.dumps([record.to_json() for record in result.checks], ensure_ascii=False)
    assert host.secret_text not in everything
    assert host.classmate_file not in everything
    for seen in said:
        assert all(outcome.startswith("denied") for outcome in seen["read"].values()), seen["read"]
        assert all(outcome.startswith("denied") for outcome in seen["list"].values()), seen["list"]


def test_no_service_of_the_host_is_reached_on_loopback(graded):
    host, result, said, _ = graded
    network = facts(result).network
    if network == "none":
        pytest.skip(f"the network is not confined here: {result.confinement}")
    assert not host.reached(host.tcp), "the child connected to the host's TCP listener"
    for seen in said:
        assert all(outcome.startswith("denied") for outcome in seen["tcp"].values()), seen["tcp"]
    if network == "netns":  # Landlock's port rules cover TCP only
        assert not host.reached(host.udp), "the child's datagram reached the host's UDP socket"


def test_the_limits_cannot_be_raised_and_no_process_is_left(graded):
    _, result, said, leftovers = graded
    if facts(result).limits == "rlimits":
        for seen in said:
            assert seen["limits"].startswith("denied"), seen["limits"]
    assert any(seen["daemon"].startswith("ok") for seen in said), "the daemon was never started"
    assert leftovers == []


def test_confinement_turned_off_is_said_openly(monkeypatch):
    monkeypatch.setenv("CHATKIT_CONFINE", "none")
    result = grade(KIT / "solutions", Options(lang="en", workers=1, only="tcp"))
    assert result.score == 100
    assert result.confinement["network"] == "none" and result.confinement["files"] == "none"
    assert result.confinement["why"]["files"] == "CHATKIT_CONFINE=none"
    lines = describe(result.confinement, "en")
    assert "everything your user can reach (CHATKIT_CONFINE=none)" in lines[0]
    if result.confinement["user"] != "sandbox":
        assert any("container or a virtual machine" in line for line in lines[1:])


def test_the_weaker_confinement_wins_when_workers_differ():
    strong = Confinement(network="netns", files="landlock", user="sandbox", limits="rlimits")
    weak = Confinement(network="ports", files="none", user="root", limits="rlimits", why={"files": "old kernel"})
    merged = strong.merge(weak.as_dict())
    assert merged == Confinement(network="ports", files="none", user="root", limits="rlimits",
                                 why={"files": "old kernel"})
    assert describe(None, "ru") == describe({}, "ru")


# --- a hostile class graded beside a correct classmate: `batch --jobs 2` -----------------------

SHADOW = KIT / "tests" / "corpus" / "hostile_shadow_kit"
BORROWER = KIT / "tests" / "corpus" / "hostile_kit_solutions"
FORGER = KIT / "tests" / "corpus" / "hostile_forge_events"


def expected_score(folder):
    return json.loads((folder / "expect.json").read_text(encoding="utf-8"))["score"]


class Canaries:
    """What a submission of the class must not reach: files to write, the kit's solutions and
    a classmate's code to read, a unix socket file and an abstract socket that listen, a
    process of the grader's user to kill."""

    def __init__(self, root, classmate):
        tag = uuid.uuid4().hex[:12]
        self.writes = [KIT / f".chatkit-canary-{tag}", root / f"canary-{tag}", Path("/tmp") / f"chatkit-canary-{tag}",
                       classmate / f"planted-{tag}.py"]
        self.reads = [str(KIT / "solutions" / "tcp_server.py"), str(classmate / "tcp_server.py")]
        self.unix_path = root / f"canary-{tag}.sock"
        self.unix = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.unix.bind(str(self.unix_path))
        self.unix_path.chmod(0o777)
        self.unix.listen(8)
        self.abstract_name = f"chatkit-canary-{tag}"
        self.abstract = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.abstract.bind("\0" + self.abstract_name)
        self.abstract.listen(8)
        self.victim = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"])

    def targets(self):
        return {"write": [str(p) for p in self.writes], "read": self.reads, "unix": [str(self.unix_path)],
                "abstract": [self.abstract_name], "kill": [self.victim.pid], "solutions": self.reads}

    def reached(self, sock):
        return bool(select.select([sock], [], [], 0)[0])

    def close(self):
        self.unix.close()
        self.abstract.close()
        self.victim.kill()
        self.victim.wait()
        for path in self.writes:
            if path.exists():
                path.unlink()


def read_gradebook(path):
    import csv
    with open(path, encoding="utf-8-sig", newline="") as table:
        return {row["student"]: row for row in csv.DictReader(table)}


@pytest.fixture(scope="module", params=["default", "portable"])
def hostile_class(request):
    """Grade the shadow package, the solutions borrower and a correct classmate with
    `batch --jobs 2`, in the default mode and in the portable one; yield what happened."""
    root = Path(tempfile.mkdtemp(prefix="chatkit-class-"))
    root.chmod(0o755)
    submissions = root / "class"
    classmate = submissions / "classmate"
    shutil.copytree(KIT / "solutions", classmate, ignore=shutil.ignore_patterns("__pycache__"))
    canaries = Canaries(root, classmate)
    for name, source in (("shadow", SHADOW), ("borrower", BORROWER), ("forger", FORGER)):
        shutil.copytree(source, submissions / name, ignore=shutil.ignore_patterns("__pycache__"))
        (submissions / name / "escape_targets.json").write_text(json.dumps(canaries.targets()))
    env = dict(os.environ)
    env.pop("CHATKIT_PLATFORM", None)
    if request.param == "portable":
        env["CHATKIT_PLATFORM"] = "portable"
    csv_path, json_dir = root / "grades.csv", root / "results"
    try:
        done = subprocess.run([sys.executable, "-m", "grader", "batch", str(submissions), "--csv", str(csv_path),
                               "--json-dir", str(json_dir), "--jobs", "2", "--lang", "en"],
                              cwd=KIT, env=env, capture_output=True, text=True, timeout=600)
        rows = read_gradebook(csv_path) if csv_path.exists() else {}
        confined = {}
        for name in rows:
            document = json.loads((json_dir / f"{name}.json").read_text(encoding="utf-8"))
            confined[name] = document["extra_data"]["confinement"]
        yield request.param, done, rows, confined, canaries
    finally:
        canaries.close()
        shutil.rmtree(root, ignore_errors=True)


def test_the_batch_finishes_and_the_classmate_keeps_100(hostile_class):
    mode, done, rows, _, _ = hostile_class
    assert done.returncode == 0, done.stderr[-2000:]
    assert set(rows) == {"classmate", "shadow", "borrower", "forger"}, done.stdout[-2000:]
    assert rows["classmate"]["score"] == "100" and rows["classmate"]["status"] == "graded", rows
    assert rows["shadow"]["score"] == str(expected_score(SHADOW)), rows["shadow"]
    assert rows["forger"]["score"] == str(expected_score(FORGER)), rows["forger"]
    assert all(row["status"] == "graded" for row in rows.values()), {n: row["status"] for n, row in rows.items()}


def test_a_submission_that_execs_the_kits_solutions_gets_its_own_score(hostile_class):
    mode, _, rows, confined, _ = hostile_class
    if confined["borrower"]["files"] != "landlock":
        pytest.skip(f"files are not confined in this mode ({mode}): {confined['borrower']}")
    assert rows["borrower"]["score"] == str(expected_score(BORROWER)), rows["borrower"]


def test_no_canary_file_is_written_and_no_unix_socket_or_process_is_reached(hostile_class):
    mode, _, _, confined, canaries = hostile_class
    facts = Confinement(**confined["shadow"])
    if facts.files == "landlock":
        assert [path for path in canaries.writes if path.exists()] == []
    if facts.unix == "seccomp":
        assert not canaries.reached(canaries.unix), "a child connected to the host's unix socket file"
    if facts.unix == "seccomp" or facts.network == "netns" or (facts.files == "landlock" and landlock.abi() >= 6):
        assert not canaries.reached(canaries.abstract), "a child connected to the host's abstract socket"
    if landlock.abi() >= 6 and facts.files == "landlock":
        assert canaries.victim.poll() is None, "a child killed a process outside its own tree"
    if mode == "default" and LINUX and landlock.abi() >= 6:
        assert facts.files == "landlock" and facts.unix == "seccomp"


# --- a fork chain outruns every sweep; a PID namespace does not care --------------------------

def comm_named(name):
    found = []
    for pid in os.listdir("/proc") if os.path.isdir("/proc") else ():
        try:
            with open(f"/proc/{pid}/comm") as comm:
                if comm.read().strip() == name:
                    found.append(int(pid))
        except (OSError, ValueError):
            continue
    return found


@pytest.mark.skipif(not LINUX, reason="the chain names itself with prctl and is looked for in /proc")
def test_a_fork_chain_that_left_the_session_dies_with_its_check():
    root = Path(tempfile.mkdtemp(prefix="chatkit-chain-"))
    root.chmod(0o755)
    marker = "ck" + uuid.uuid4().hex[:12]
    submission = root / "chain"
    shutil.copytree(KIT / "tests" / "corpus" / "hostile_fork_chain", submission,
                    ignore=shutil.ignore_patterns("__pycache__"))
    (submission / "escape_targets.json").write_text(json.dumps({"marker": marker}))
    try:
        result = grade(submission, Options(lang="en", workers=1, only="tcp", checks=("tcp.server.prompt",)))
        if result.confinement["processes"] != "pidns":
            pytest.skip(f"no PID namespace here: {result.confinement}")
        assert comm_named(marker) == [], "a process of the chain outlived its check"
        assert not result.grader_fault
    finally:
        for pid in comm_named(marker):
            os.kill(pid, 9)
        shutil.rmtree(root, ignore_errors=True)


# --- the worker imports nothing from a folder a student's process could write to -------------

def test_a_module_planted_in_the_workers_folder_never_runs(tmp_path, monkeypatch):
    from grader.engine import runner
    canary = tmp_path / "planted-ran"
    planted = tmp_path / "worker"
    planted.mkdir()
    for name in ("json.py", "stringprep.py", "socket.py"):
        (planted / name).write_text(f"open({str(canary)!r}, 'a').write({name!r})\nraise ImportError('planted')\n")
    made = []

    def worker_folder(prefix=None, **_):
        made.append(prefix)
        return str(planted)

    monkeypatch.setattr(runner.tempfile, "mkdtemp", worker_folder)
    result = grade(KIT / "solutions", Options(lang="en", workers=1, only="tcp",
                                              checks=("tcp.server.prompt", "tcp.server.welcome")))
    assert made, "the runner no longer makes the worker's folder this way: update the test"
    assert not canary.exists(), canary.read_text()
    assert not result.grader_fault


def test_an_event_line_counts_only_signed_with_the_key_and_never_twice():
    from grader.engine.events import sign, verify
    line = sign("key", json.dumps({"type": "result", "id": "x", "seq": 3})).encode() + b"\n"
    assert verify("key", line, 2) == {"type": "result", "id": "x", "seq": 3}
    assert verify("key", line, 3) is None                       # sent again
    assert verify("other", line, 0) is None                     # not the worker's key
    forged = line.replace(b'"x"', b'"y"')
    assert verify("key", forged, 0) is None                     # changed on the way
    assert verify("key", b'{"type": "result", "token": "key", "seq": 9}\n', 0) is None
