"""grader/sandbox/platform: one interface, the same answers from every implementation.

On Linux both implementations run: `linux` (the one Linux takes) and `portable` (the one
macOS and, where the choice is the kit's own, Windows take; CHATKIT_PLATFORM=portable
forces it). Real processes, real sockets on 127.0.0.1; every wait ends at the event.
"""
import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import psutil
import pytest

from grader.messages import say
from grader.sandbox import platform

KIT = Path(__file__).resolve().parents[1]
LINUX = sys.platform.startswith("linux")
IMPLEMENTATIONS = ["linux", "portable"] if LINUX else [platform.NAME]
posix_only = pytest.mark.skipif(not hasattr(os, "fork"), reason="the tree is built with fork and setsid")

# A process tree: a subprocess, and a grandchild in a session of its own (fork + setsid + fork).
# With ORPHAN its parent exits at once, so the grandchild is nobody's descendant any more.
TREE = '''
import os, subprocess, sys, time
ORPHAN = sys.argv[1] == "orphan"
SLEEP = [sys.executable, "-c", "import time; time.sleep(120)"]
kid = subprocess.Popen(SLEEP)
r, w = os.pipe()
middle = os.fork()
if middle == 0:
    os.setsid()
    grand = os.fork()
    if grand == 0:
        os.execv(sys.executable, SLEEP)
    os.write(w, b"%d\\n" % grand)
    if not ORPHAN:
        time.sleep(120)
    os._exit(0)
grand = int(os.read(r, 64))
if ORPHAN:
    os.waitpid(middle, 0)
print(kid.pid, middle, grand, flush=True)
time.sleep(120)
'''

# Holds a listening TCP socket, a bound UDP socket and a connected (not listening) TCP socket.
SOCKETS = '''
import socket, time
tcp = socket.create_server(("127.0.0.1", 0))
udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
udp.bind(("127.0.0.1", 0))
link = socket.create_connection(tcp.getsockname())
print(tcp.getsockname()[1], udp.getsockname()[1], link.getsockname()[1], flush=True)
time.sleep(120)
'''


def start(impl, tmp_path, script, *args):
    """Start `script` the way the sandbox starts a child; return (Popen, first line's fields)."""
    marks = impl.marks_channel(tmp_path)
    env = {"PATH": os.defpath, **impl.child_env_extra(tmp_path)}
    try:
        proc = impl.spawn([sys.executable, "-c", script, *args], marks, env=env, cwd=tmp_path,
                          stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, text=True, encoding="utf-8")
    except BaseException:
        marks.abandon()
        raise
    finally:
        marks.spawned()
    line = proc.stdout.readline()  # the script prints at once, or ends (EOF)
    assert line, f"the script ended without its line (exit {proc.wait()})"
    return proc, [int(field) for field in line.split()]


def running(pid):
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def stop(impl, proc, extra=()):
    impl.kill_tree(proc.pid, 5.0)
    proc.wait(5)
    proc.stdout.close()
    platform.kill_pids(pid for pid in extra if running(pid))  # whatever a failed test left


@posix_only
@pytest.mark.parametrize("name", IMPLEMENTATIONS)
def test_the_tree_is_found_and_killed_with_a_grandchild_that_left_the_session(name, tmp_path):
    impl = platform.load(name)
    proc, (kid, middle, grand) = start(impl, tmp_path, TREE, "keep")
    try:
        found = impl.descendants(proc.pid)
        assert {kid, middle, grand} <= set(found)
        assert proc.pid not in found
        assert os.getpid() not in found
        assert impl.kill_tree(proc.pid, 5.0) == []  # every descendant ended within the bound
        assert proc.wait(5) is not None
        assert [pid for pid in (kid, middle, grand) if running(pid)] == []
    finally:
        stop(impl, proc, (kid, middle, grand))


@posix_only
def test_portable_finds_an_orphaned_daemon_by_the_tag_it_inherited(tmp_path):
    """Without a subreaper the daemon is nobody's descendant; its environment still names the run."""
    impl = platform.load("portable")
    proc, (kid, middle, grand) = start(impl, tmp_path, TREE, "orphan")
    try:
        assert grand not in [child.pid for child in psutil.Process(proc.pid).children(recursive=True)]
        assert grand in impl.descendants(proc.pid)
        impl.kill_tree(proc.pid, 5.0)
        assert not running(grand) and not running(kid)
    finally:
        stop(impl, proc, (kid, grand))


@pytest.mark.parametrize("name", IMPLEMENTATIONS)
def test_ports_held_are_the_tree_own_listening_and_bound_sockets(name, tmp_path):
    impl = platform.load(name)
    ours = socket.create_server(("127.0.0.1", 0))  # held by another process: this one
    ours_udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    ours_udp.bind(("127.0.0.1", 0))
    proc, (tcp, udp, connected) = start(impl, tmp_path, SOCKETS)
    try:
        assert impl.ports_held([proc.pid], "tcp") == [tcp]       # not the connected one
        assert impl.ports_held([proc.pid], "udp") == [udp]
        assert ours.getsockname()[1] not in impl.ports_held([proc.pid], "tcp")
        assert ours.getsockname()[1] in impl.ports_held([os.getpid()], "tcp")
        assert ours_udp.getsockname()[1] in impl.ports_held([os.getpid()], "udp")
        assert connected not in impl.ports_held([proc.pid, os.getpid()], "tcp")
    finally:
        stop(impl, proc)
        ours.close()
        ours_udp.close()
    assert impl.ports_held([proc.pid], "tcp") == []  # gone: nothing, and no error


@pytest.mark.parametrize("name", IMPLEMENTATIONS)
def test_memory_threads_and_cpu_are_measured_and_none_once_gone(name, tmp_path):
    impl = platform.load(name)
    proc, _ = start(impl, tmp_path, SOCKETS)
    try:
        memory = impl.memory_and_threads(proc.pid)
        assert memory.rss > 0 and memory.threads >= 1
        assert impl.cpu_seconds(proc.pid) >= 0
    finally:
        stop(impl, proc)
    assert impl.memory_and_threads(proc.pid) is None
    assert impl.cpu_seconds(proc.pid) is None


def test_portable_mode_says_what_it_does_not_protect():
    portable = platform.load("portable")
    missing = {fact.id for fact in portable.protections(False) if not fact.given}
    assert {"memory_cap", "orphans_caught"} <= missing
    # no_new_privs: the harness sets it on Linux in every mode; macOS has none
    assert ("no_new_privs" in missing) == (not sys.platform.startswith("linux"))
    for lang in ("ru", "en"):
        for gap in missing:
            assert say(f"platform.{gap}", lang)
    chosen = subprocess.run(
        [sys.executable, "-c", "import json; from grader.sandbox import platform; "
                               "print(json.dumps([platform.NAME, platform.missing(), platform.note('ru')]))"],
        cwd=KIT, env={**os.environ, "CHATKIT_PLATFORM": "portable"}, capture_output=True, text=True, encoding="utf-8", timeout=60)
    assert chosen.returncode == 0, chosen.stderr
    name, missing_there, note = json.loads(chosen.stdout)
    assert name == "portable"
    assert "memory_cap" in missing_there
    assert "ограничения памяти" in note
    for absent in platform.LINUX_ONLY:  # absent, not a stand-in that answers "nothing"
        assert not hasattr(portable, absent)


@pytest.mark.skipif(not LINUX, reason="Linux's own protections")
def test_linux_gives_its_protections_and_its_own_extras():
    linux = platform.load("linux")
    given = {fact.id for fact in linux.protections(True) if fact.given}
    assert {"cpu_limit", "memory_cap", "file_size_cap", "process_cap", "no_new_privs", "orphans_caught"} <= given
    assert all(hasattr(linux, name) for name in platform.LINUX_ONLY)
    assert any(spec.startswith("RLIMIT_AS=") for spec in linux.rlimits(False))
    assert not any(spec.startswith("RLIMIT_AS=") for spec in platform.load("portable").rlimits(False))


@pytest.mark.parametrize("name", IMPLEMENTATIONS)
def test_the_alarm_is_offered_exactly_where_checks_are_bounded_by_the_signal_method(name):
    """start_alarm where SIGALRM rings (Linux; macOS in the portable implementation), never a
    stand-in elsewhere: Windows, and Linux as portable standing in for it, bound a check with a
    timer thread (tests/test_interrupt.py runs both paths)."""
    implementation = platform.load(name)
    assert hasattr(implementation, "start_alarm") == (implementation.timeout_method() == "signal")
    assert hasattr(implementation, "start_alarm") == (name == "linux" or sys.platform == "darwin")


def test_an_unknown_implementation_is_refused_in_one_sentence():
    with pytest.raises(ValueError, match="choose one of"):
        platform.load("solaris")


def test_portable_mode_grades_the_solutions_fully(tmp_path):
    """`python -m grader solutions` with CHATKIT_PLATFORM=portable: 100, and UDP 80."""
    out = tmp_path / "results.json"
    done = subprocess.run([sys.executable, "-m", "grader", "solutions", "--lang", "en", "--json", str(out)],
                          cwd=KIT, env={**os.environ, "CHATKIT_PLATFORM": "portable"},
                          capture_output=True, text=True, encoding="utf-8", timeout=180)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    results = json.loads(out.read_text(encoding="utf-8"))
    assert (results["score"], results["extra_data"]["tcp"], results["extra_data"]["udp"]) == (100, 100, 80), \
        done.stdout[-3000:]
    assert "memory limit" in results["extra_data"]["protection"]  # said once, beside the report (-v shows it)


def test_a_console_that_cannot_encode_gets_replacements_and_the_json_is_written(tmp_path):
    """cp1251 or ASCII output (Windows redirected, Git Bash): no UnicodeEncodeError, results.json there."""
    out = tmp_path / "results.json"
    done = subprocess.run([sys.executable, "-m", "grader", "solutions", "--only", "udp", "--json", str(out)],
                          cwd=KIT, env={**os.environ, "PYTHONIOENCODING": "ascii", "PYTHONUTF8": "0"},
                          capture_output=True, timeout=180)
    assert done.returncode == 0, done.stderr.decode("ascii", "replace")[-3000:]
    assert b"UnicodeEncodeError" not in done.stderr
    assert b"?" in done.stdout  # the Cyrillic report, degraded
    assert json.loads(out.read_text(encoding="utf-8"))["extra_data"]["udp"] == 80
