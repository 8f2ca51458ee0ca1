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
            for output in record.get("outputs", []):
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
    top = document["output"].splitlines()[:4]
    assert any(line.startswith("Confinement of this run: network") for line in top), top


@pytest.mark.skipif(not LINUX, reason="Linux confinement: Landlock and network namespaces")
def test_on_linux_the_run_has_the_confinement_the_kernel_allows(graded):
    _, result, _, _ = graded
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
    everything = json.dumps(result.checks, ensure_ascii=False)
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
        assert "container or a virtual machine" in lines[1]


def test_the_weaker_confinement_wins_when_workers_differ():
    strong = Confinement(network="netns", files="landlock", user="sandbox", limits="rlimits")
    weak = Confinement(network="ports", files="none", user="root", limits="rlimits", why={"files": "old kernel"})
    merged = strong.merge(weak.as_dict())
    assert merged == Confinement(network="ports", files="none", user="root", limits="rlimits",
                                 why={"files": "old kernel"})
    assert describe(None, "ru") == describe({}, "ru")
