"""The sandbox holds: limits apply, nothing leaks in or out, nothing the child starts survives.

Every test runs real child processes through grader.sandbox or the real command line, and
waits for events (a line on stderr, a process appearing) with generous bounds.
"""
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import textwrap
import time
import uuid
from pathlib import Path

import pytest

from chatkit.ports import free_port
from grader.engine import limits
from grader.messages import say
from grader.chat.transcript import Scenario, wait_until
from grader.sandbox import platform, privileges
from grader import KIT_ROOT
from grader.sandbox.child import Child
from grader.sandbox.constants import HARNESS

KIT = Path(__file__).resolve().parents[1]
CORPUS = KIT / "tests" / "corpus"
LEFTOVER_MARKER = "chatkit-corpus-leftover"
LINUX = sys.platform.startswith("linux")
linux_only = pytest.mark.skipif(not LINUX, reason="the sandbox's isolation relies on Linux /proc and prctl")

# A module that reports, on stderr as one JSON line, what the child sees of its world.
PROBE = '''
import json, os, sys

def proc(name):
    try:
        with open("/proc/self/" + name) as f:
            return f.read()
    except OSError:
        return ""

parent = os.getppid()
opened = []
try:
    parent_fds = os.listdir(f"/proc/{parent}/fd")
except OSError:
    parent_fds = []
for fd in parent_fds:
    try:
        os.close(os.open(f"/proc/{parent}/fd/{fd}", os.O_WRONLY | os.O_NONBLOCK))
        opened.append(fd)
    except OSError:
        pass
report = {
    "argv": sys.argv, "orig_argv": getattr(sys, "orig_argv", []), "env": dict(os.environ),
    "cwd": os.getcwd(), "files": sorted(os.listdir(".")), "stdin": os.readlink("/proc/self/fd/0"),
    "status": proc("status"), "limits": proc("limits"), "opened_parent_fds": opened,
}
sys.stderr.write("REPORT " + json.dumps(report) + "\\n")
sys.stderr.flush()

def main(host, port):
    import time
    time.sleep(60)
'''


def probe_report(folder, stdin=False):
    """Start the probe as the grader would; return (its report, the Child) after stopping it."""
    scenario = Scenario("en")
    child = Child(scenario, folder, "tcp_server.py", free_port(), stdin=stdin)
    try:
        assert wait_until(lambda: "REPORT " in child.stderr.text() and child.stderr.text().rstrip().endswith("}")
                          or child.exited(), 15.0), "timed out waiting for the probe's report"
        line = next(l for l in child.stderr.text().splitlines() if l.startswith("REPORT "))
        return json.loads(line[len("REPORT "):]), child
    finally:
        scenario.close()


def limit_of(limits_text, title):
    line = next(l for l in limits_text.splitlines() if l.startswith(title))
    return line[len(title):].split()[0]


def marked_processes(marker):
    found = []
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as cmdline:
                argv = cmdline.read()
            with open(f"/proc/{pid}/stat") as stat:
                state = stat.read().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if marker.encode() in argv and state != "Z":
            found.append(int(pid))
    return found


@pytest.fixture
def probe_folder(tmp_path):
    folder = tmp_path / "probe"
    folder.mkdir()
    (folder / "tcp_server.py").write_text(PROBE, encoding="utf-8")
    (folder / "notes.txt").write_text("a file of the submission", encoding="utf-8")
    return folder


@linux_only
def test_the_child_runs_limited_scrubbed_and_in_a_private_copy_that_is_removed(probe_folder, monkeypatch):
    if os.environ.get("CHATKIT_PLATFORM") == "portable":
        pytest.skip("the Linux mode's child (the portable one sets no memory limit and tags its environment)")
    monkeypatch.setenv("CHATKIT_SECRET_TOKEN", "must-not-leak")
    report, child = probe_report(probe_folder)
    # limits, applied by the harness before the module was imported
    assert limit_of(report["limits"], "Max cpu time") == str(limits.CHILD_CPU_SECONDS)
    assert limit_of(report["limits"], "Max address space") == str(limits.CHILD_MEMORY_BYTES)
    assert limit_of(report["limits"], "Max file size") == str(limits.CHILD_FILE_BYTES)
    assert limit_of(report["limits"], "Max core file size") == "0"
    uid = int(next(l for l in report["status"].splitlines() if l.startswith("Uid:")).split()[1])
    if uid != 0:
        assert limit_of(report["limits"], "Max processes") == str(limits.CHILD_PROCESSES)
    capabilities = {l.split(":")[0]: int(l.split()[1], 16) for l in report["status"].splitlines()
                    if l.startswith("Cap")}
    assert capabilities["CapEff"] == capabilities["CapPrm"] == 0
    if os.geteuid() == 0:
        # Only a grader with capabilities can empty the bounding set; an ordinary user's child
        # has none to begin with, and no_new_privs keeps set-uid programs from handing any back.
        assert capabilities["CapBnd"] == 0
    assert "NoNewPrivs:\t1" in report["status"]
    # a scrubbed environment: nothing of ours, HOME and TMPDIR in the private copy
    assert "CHATKIT_SECRET_TOKEN" not in report["env"]
    assert set(report["env"]) <= {"PATH", "LANG", "LC_ALL", "LC_CTYPE", "MALLOC_ARENA_MAX", "HOME", "TMPDIR"}
    assert report["env"]["HOME"] == report["env"]["TMPDIR"] == report["cwd"]
    # a private copy of the submission, not the folder itself, gone after the scenario
    assert Path(report["cwd"]) != probe_folder
    assert {"tcp_server.py", "notes.txt"} <= set(report["files"])
    assert not Path(report["cwd"]).exists()
    assert report["stdin"].startswith("pipe:")  # a server's console: open and silent (launch.install_console)
    # the child cannot open the grading process's pipes (where a worker's results travel)
    assert report["opened_parent_fds"] == []


@linux_only
def test_a_client_gets_a_stdin_pipe(probe_folder):
    report, _ = probe_report(probe_folder, stdin=True)
    assert report["stdin"].startswith("pipe:")


def run_harness(folder, module, *rlimits, user=None, python=sys.executable, timeout=30):
    """Run the harness directly with chosen limits; return the finished process."""
    command = [python, "-I", "-S", "-u", str(HARNESS), module, "127.0.0.1", str(free_port()), "2",
               str(KIT_ROOT), *rlimits]
    extra = {"user": user[0], "group": user[1], "extra_groups": []} if user else {}
    return subprocess.run(command, cwd=folder, env={"PATH": os.defpath}, stdin=subprocess.DEVNULL,
                          capture_output=True, text=True, encoding="utf-8", timeout=timeout, **extra)


@linux_only
def test_the_cpu_limit_stops_an_endless_loop(tmp_path):
    (tmp_path / "spin.py").write_text("while True:\n    pass\n")
    done = run_harness(tmp_path, "spin", "RLIMIT_CPU=1")   # without the limit: TimeoutExpired
    assert done.returncode in (-signal.SIGXCPU, -signal.SIGKILL), done


@linux_only
def test_the_memory_limit_stops_a_huge_allocation(tmp_path):
    (tmp_path / "hog.py").write_text("block = bytearray(600 * 1024 * 1024)\nprint('allocated')\n")
    done = run_harness(tmp_path, "hog", f"RLIMIT_AS={300 * 1024 * 1024}")
    assert "MemoryError" in done.stderr and "allocated" not in done.stdout


UNPRIVILEGED_PYTHON = "/usr/bin/python3"


@pytest.fixture
def unprivileged(monkeypatch):
    """Make the sandbox run children with a Python an unprivileged user can run, if there is
    one and we are root (here the kit's own Python is under /root, mode 0700); else skip,
    saying what this machine lacks."""
    if not LINUX or os.geteuid() != 0:
        pytest.skip("the uid drop needs a grader running as root on Linux")
    if not os.path.exists(UNPRIVILEGED_PYTHON):
        pytest.skip(f"no {UNPRIVILEGED_PYTHON} here, and the kit's own Python cannot be run by another user")
    monkeypatch.setattr(platform, "PYTHON", UNPRIVILEGED_PYTHON)
    privileges.sandbox_user_status.cache_clear()
    status = privileges.sandbox_user_status()
    if status.owner is None:
        privileges.sandbox_user_status.cache_clear()
        pytest.skip("the uid drop cannot work here: " + say(status.why, "en", name=status.name, path=status.path))
    yield status.owner
    monkeypatch.undo()
    privileges.sandbox_user_status.cache_clear()


@linux_only
def test_the_process_limit_applies_to_an_unprivileged_child(unprivileged):
    folder = Path(tempfile.mkdtemp(prefix="chatkit-test-"))  # not under /tmp/pytest-of-root (0700)
    folder.chmod(0o755)
    (folder / "threads.py").write_text(textwrap.dedent('''
        import threading, time
        started = 0
        try:
            for _ in range(200):
                threading.Thread(target=time.sleep, args=(5,), daemon=True).start()
                started += 1
        except RuntimeError:
            pass
        print("started", started)
    '''))
    try:
        done = run_harness(folder, "threads", "RLIMIT_NPROC=20", user=unprivileged, python=UNPRIVILEGED_PYTHON)
    finally:
        shutil.rmtree(folder)
    started = int(done.stdout.split()[-1])
    assert started < 20, done


@linux_only
def test_where_a_probe_allows_it_the_child_runs_as_an_unprivileged_user(probe_folder, unprivileged):
    report, _ = probe_report(probe_folder)
    uid = int(next(l for l in report["status"].splitlines() if l.startswith("Uid:")).split()[1])
    assert uid == unprivileged[0]
    assert limit_of(report["limits"], "Max processes") == str(limits.CHILD_PROCESSES)
    assert report["opened_parent_fds"] == []
    assert "NoNewPrivs:\t1" in report["status"]


SCENARIO_SCRIPT = '''
import json, os, sys, time
from chatkit.ports import free_port
from grader.chat.transcript import Scenario
from grader.sandbox.child import Child
from grader.engine.worker import become_subreaper

become_subreaper()
marker = sys.argv[2]
def stat(pid):
    with open(f"/proc/{pid}/stat") as s:
        return s.read().rsplit(")", 1)[1].split()   # state, ppid, ...
def ours(pid):
    """A descendant of this script: as a subreaper it adopts every orphan of its child's, so
    a leftover stays ours; the same folder graded elsewhere at the same time is not."""
    while pid > 1:
        pid = int(stat(pid)[1])
        if pid == os.getpid():
            return True
    return False
def marked():
    found = []
    for pid in os.listdir("/proc"):
        if pid == str(os.getpid()):
            continue  # this script names the marker too
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                if marker.encode() in f.read():
                    if stat(pid)[0] != "Z" and ours(int(pid)):
                        found.append(int(pid))
        except (OSError, ValueError):
            pass
    return found

scenario = Scenario("en")
child = Child(scenario, sys.argv[1], "tcp_server.py", free_port())
child.wait_ready("tcp")
deadline = time.monotonic() + 15
while len(marked()) < 3 and time.monotonic() < deadline:
    time.sleep(0.02)
during = marked()
scenario.close()
print(json.dumps({"during": during, "after": marked()}))
'''


@linux_only
def test_everything_a_child_started_is_gone_when_its_scenario_ends():
    """A subprocess, a forked child and a fork + setsid + fork daemon: all killed by stop()."""
    done = subprocess.run([sys.executable, "-c", SCENARIO_SCRIPT, str(CORPUS / "hostile_leftover_processes"),
                           LEFTOVER_MARKER], cwd=KIT, capture_output=True, text=True, encoding="utf-8", timeout=60)
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout.splitlines()[-1])
    assert len(seen["during"]) == 3, "the hostile server did not start its three processes"
    assert seen["after"] == []


def run_cli(*args, timeout=180):
    """`python -m grader ARGS`; returns (exit code, output, rusage of the whole grading tree)."""
    with tempfile.TemporaryFile("w+", encoding="utf-8") as output:
        proc = subprocess.Popen([sys.executable, "-m", "grader", *map(str, args)], cwd=KIT,
                                stdout=output, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        while True:  # wait4 itself, not Popen.wait: its rusage folds in every reaped descendant
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() > deadline:
                proc.kill()
                raise AssertionError(f"the grader ran longer than {timeout} s")
            time.sleep(0.05)
        proc.returncode = os.waitstatus_to_exitcode(status)
        output.seek(0)
        return proc.returncode, output.read(), usage


def hostile_submission(tmp_path, spy_file, marker):
    """The tampering server, plus code that records what it sees and leaves a daemon behind."""
    folder = tmp_path / "hostile"
    folder.mkdir()
    tamper = (CORPUS / "hostile_tamper" / "tcp_server.py").read_text(encoding="utf-8")
    spy = textwrap.dedent(f'''
        import json as _json, os as _os, sys as _sys, subprocess as _subprocess
        _seen = {{"argv": _sys.argv, "orig_argv": getattr(_sys, "orig_argv", []), "env": dict(_os.environ)}}
        with open({str(spy_file)!r}, "a") as _out:
            _out.write(_json.dumps(_seen) + "\\n")
        if _os.fork() == 0:
            _os.setsid()
            if _os.fork() == 0:
                _os.execv(_sys.executable, [_sys.executable, "-c", "import time; time.sleep(600)",
                                            {marker!r}])
            _os._exit(0)
    ''')
    (folder / "tcp_server.py").write_text(spy + tamper, encoding="utf-8")
    return folder


@pytest.fixture
def spy_dir():
    """A folder the child can write to whoever it runs as (tmp_path's parents are 0700)."""
    folder = Path(tempfile.mkdtemp(prefix="chatkit-spy-"))
    folder.chmod(0o777)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@linux_only
def test_nothing_the_child_writes_changes_the_json_and_nothing_it_started_survives(tmp_path, spy_dir, monkeypatch):
    # Without Landlock, as on other platforms: the spy must be able to write its record
    # outside its copy, which Landlock forbids (tests/test_confinement.py proves that); the
    # defences shown here (argv, environment, pipes, the JSON) must hold without it.
    monkeypatch.setenv("CHATKIT_CONFINE", "none")
    spy_file = spy_dir / "seen.jsonl"
    marker = f"{LEFTOVER_MARKER}-{uuid.uuid4().hex}"
    folder = hostile_submission(tmp_path, spy_file, marker)
    out = tmp_path / "out" / "results.json"
    code, output, _ = run_cli(folder, "--json", out, "--only", "tcp", "--lang", "en", "--jobs", "1")
    assert code == 0, output
    document = json.loads(out.read_text(encoding="utf-8"))
    assert document["score"] == 66 and document["extra_data"]["tcp"] == 66   # only the echo counts
    assert [t["tags"][3] for t in document["tests"] if t["tags"][4:5] == ["failed"]] == ["tcp.server.no_echo"]
    assert "Final score: 66 of 100" in document["output"]   # its fake one shows only as its output
    assert not list(folder.glob("results.json"))  # it wrote into its private copy only
    # the child never saw the JSON path in its own argv or environment
    seen = [json.loads(line) for line in spy_file.read_text().splitlines()]
    assert len(seen) >= 9, "every server check starts the child"
    for record in seen:
        assert str(out) not in json.dumps(record)
        assert "results.json" not in json.dumps(record)
    assert marked_processes(marker) == []


@linux_only
def test_an_output_flood_is_drained_capped_and_keeps_the_grader_small(tmp_path):
    out = tmp_path / "results.json"
    code, output, usage = run_cli(CORPUS / "hostile_output_flood", "--json", out, "--only", "tcp", "--jobs", "1")
    assert code == 0, output
    document = json.loads(out.read_text(encoding="utf-8"))
    assert document["score"] == 72
    assert usage is not None
    assert usage.ru_maxrss < 200 * 1024, f"a process of the grading tree reached {usage.ru_maxrss} KiB"
