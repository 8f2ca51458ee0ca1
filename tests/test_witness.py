"""The witness (grader/sandbox/witness.py) in a real child process, asked over loopback by the
grader's end (grader/sandbox/platform/_looks.py), as on Windows and macOS, where no kernel
table says what a thread sleeps in. It says "rest" only when every thread waits for input
with nothing ready; a sleep, a timeout or a process without a witness is never rest; what the
student's code may write to it costs only its own early ends. No test times anything: each
waits for the event within a generous bound, or looks a fixed number of times."""
import os
import select
import socket
import subprocess
import sys
import threading
import time

import pytest

from grader.sandbox import witness as witness_module
from grader.sandbox.platform import _looks, system

GENEROUS = 30.0
# The student's Python may be another than the kit's: CHATKIT_WITNESS_PYTHON=/path/to/python3.13
# runs these children with it (the witness wraps threading's and socket's insides).
CHILD_PYTHON = os.environ.get("CHATKIT_WITNESS_PYTHON") or sys.executable
SANDBOX = os.path.dirname(witness_module.__file__)

BOOT = '''
import sys, types
def load(path, name):
    module = sys.modules[name] = types.ModuleType(name)
    module.__file__ = path
    with open(path, "rb") as source:
        exec(compile(source.read(), path, "exec"), module.__dict__)
    return module
system = load(sys.argv[1], "_chatkit_system")
witness = load(sys.argv[2], "_chatkit_witness")
assert witness.install(sys.argv[3], system) is not None
print("installed", flush=True)
exec(compile(sys.argv[4], "student.py", "exec"), {"__name__": "__main__"})
'''

SERVER = '''
import socket, threading
server = socket.create_server(("127.0.0.1", 0))
user = socket.create_connection(server.getsockname())
conn, _ = server.accept()
def handler():
    while conn.recv(1024):
        pass
threading.Thread(target=handler).start()
print("serving", flush=True)
{main}
'''


@pytest.fixture
def looks():
    return _looks.Looks()


@pytest.fixture
def spawn(looks):
    started = []

    def spawn(student, stdin=subprocess.PIPE):
        args = [CHILD_PYTHON, "-I", "-S", "-X", "utf8", "-c", BOOT, os.path.join(SANDBOX, "platform", "system.py"),
                os.path.join(SANDBOX, "witness.py"), looks.child_args()[0].split("=", 1)[1], student]
        child = subprocess.Popen(args, stdin=stdin, stdout=subprocess.PIPE, text=True, encoding="utf-8")
        started.append(child)
        assert child.stdout.readline().strip() == "installed"
        return child
    yield spawn
    for child in started:
        child.kill()
        child.wait()


def rests(looks, pid):
    """Look until the witness in `pid` says it rests (and has for PORTABLE_QUIET)."""
    deadline = time.monotonic() + GENEROUS
    while time.monotonic() < deadline:
        answer = looks.look(pid)
        if answer is not None and answer[1] >= _looks.quiet_enough(answer[2]):
            return True
        time.sleep(0.02)
    return False


def never_rests(looks, child, times=40):
    """Once its witness answers at all, `times` looks over a second or more: none says rest."""
    deadline = time.monotonic() + GENEROUS
    while not looks.connected(child.pid):
        assert time.monotonic() < deadline, "the witness never connected"
        time.sleep(0.02)
    for _ in range(times):
        assert looks.look(child.pid) is None, "a busy process was taken for one that waits for input"
        time.sleep(0.03)
    return True


def test_a_server_whose_threads_wait_in_accept_and_recv_rests(looks, spawn):
    child = spawn(SERVER.format(main="server.accept()"))
    assert child.stdout.readline().strip() == "serving"
    assert rests(looks, child.pid)


def test_a_thread_that_sleeps_is_never_rest(looks, spawn):
    child = spawn(SERVER.format(main="import time\nwhile True: time.sleep(0.05)"))
    assert child.stdout.readline().strip() == "serving"
    assert never_rests(looks, child)


def test_a_recv_with_a_timeout_is_never_rest(looks, spawn):
    child = spawn(SERVER.format(main="conn.settimeout(0.05)\nwhile True:\n    try: conn.recv(1)\n"
                                     "    except socket.timeout: pass"))
    assert child.stdout.readline().strip() == "serving"
    assert never_rests(looks, child)


@pytest.mark.parametrize("read", ["input()", "sys.stdin.readline()", "[line for line in sys.stdin]",
                                  "sys.stdin.buffer.read(1)", "threading.Event().wait()",
                                  "import queue; queue.Queue().get()", "select.select([user], [], [])",
                                  "lock = threading.Lock(); lock.acquire(); lock.acquire()"])
def test_every_way_to_wait_for_input_rests(looks, spawn, read):
    child = spawn(SERVER.format(main=f"import sys, select\n{read}"))
    assert child.stdout.readline().strip() == "serving"
    assert rests(looks, child.pid)


@pytest.mark.parametrize("rewrap", ["", "import io\nsys.stdin = io.TextIOWrapper(sys.stdin.buffer, encoding='utf-8')\n"])
def test_stdin_read_through_the_witness_reads_as_python_does(spawn, rewrap):
    # rewrap: the usual fix for Windows' code page drops the witness's sys.stdin, which must
    # not close the buffer under the student's new one.
    student = f'import sys\n{rewrap}print(repr(input()), repr(sys.stdin.readline()), repr(sys.stdin.buffer.read()))'
    given = "привет\r\nмир\nостальное".encode("utf-8")
    plain = subprocess.run([CHILD_PYTHON, "-I", "-S", "-X", "utf8", "-c", student], input=given,
                           capture_output=True, timeout=GENEROUS)
    child = spawn(student)
    out, _ = child.communicate(given.decode("utf-8"), timeout=GENEROUS)
    assert out.strip() == plain.stdout.decode("utf-8").strip()


def test_a_descendant_without_a_witness_means_no_early_end(looks, spawn):
    child = spawn(SERVER.format(main="server.accept()"))
    assert child.stdout.readline().strip() == "serving"
    assert rests(looks, child.pid)
    deadline = time.monotonic() + GENEROUS
    while looks.waiting_for_input() is None:
        assert time.monotonic() < deadline, "a resting child alone was never taken for rest"
        time.sleep(0.02)
    other = subprocess.Popen([sys.executable, "-c", "import sys; sys.stdin.read()"], stdin=subprocess.PIPE)
    try:
        for _ in range(20):
            assert looks.waiting_for_input() is None
            time.sleep(0.03)
    finally:
        other.kill()
        other.wait()


FIND_LOOK = '''
import os, socket, sys
look = int(sys.argv[3].split(":")[0])
def witness_socket():
    for fd in range(3, 256):
        try:
            found = socket.socket(fileno=os.dup(fd))
        except OSError:
            continue
        try:
            if found.getpeername()[1] == look:
                return found
        except OSError:
            pass
        found.close()
'''


def test_what_the_students_code_writes_to_the_look_port_costs_nothing_but_early_ends(looks, spawn):
    port, token = looks.child_args()[0].split("=", 1)[1].split(":")
    with socket.create_connection(("127.0.0.1", int(port))) as stranger:   # a wrong token: closed
        stranger.sendall(b"0123 1\n")
        stranger.settimeout(GENEROUS)
        assert stranger.recv(1) == b""
    junk = spawn(SERVER.format(main=FIND_LOOK + "witness_socket().sendall(b'rest 1 99 1\\nrest 2 99 1\\n' + b'x' * 10000)\n"
                                                "print('written', flush=True)\nserver.accept()"))
    assert junk.stdout.readline().strip() == "serving"
    assert junk.stdout.readline().strip() == "written"
    assert rests(looks, junk.pid)   # unasked lines are dropped: the witness itself answers
    closed = spawn(SERVER.format(main=FIND_LOOK + "os.closerange(3, 256)\nprint('closed', flush=True)\n"
                                                  "threading.Event().wait()"))
    assert closed.stdout.readline().strip() == "serving"
    assert closed.stdout.readline().strip() == "closed"
    for _ in range(10):
        assert looks.look(closed.pid) is None   # no witness any more: no evidence, no error
    child = spawn(SERVER.format(main="server.accept()"))         # and the port still serves
    assert child.stdout.readline().strip() == "serving"
    assert rests(looks, child.pid)


def test_a_deadlock_rests_and_a_lock_held_by_a_sleeping_thread_never_does(looks, spawn):
    deadlock = spawn(SERVER.format(main="lock = threading.Lock()\nwith lock:\n    with lock:\n        pass"))
    assert deadlock.stdout.readline().strip() == "serving"
    assert rests(looks, deadlock.pid)
    # The sleeper takes the lock before the main thread asks for it (held): were the main
    # thread first, its second acquire would be a true deadlock, which rests.
    sleeper = spawn(SERVER.format(main="import time\nlock = threading.Lock()\nheld = threading.Event()\n"
                                       "threading.Thread(target=lambda: (lock.acquire(), held.set(), time.sleep(60))).start()\n"
                                       "held.wait()\nlock.acquire()"))
    assert sleeper.stdout.readline().strip() == "serving"
    assert never_rests(looks, sleeper)


def test_a_wait_is_ready_when_what_it_waits_on_holds_something():
    seen = witness_module.Witness(system.pipe_ready)
    ours, theirs = socket.socketpair()
    with ours, theirs:
        assert not seen.ready("socket", ours)
        assert not seen.ready("select", [ours])
        theirs.sendall(b"x")
        assert select.select([ours], [], [], GENEROUS)[0]
        assert seen.ready("socket", ours) and seen.ready("select", [ours])
    assert seen.ready("socket", ours)   # closed: the wait ends with an error
    read, write = os.pipe()
    try:
        assert not seen.ready("stdin", read)
        os.write(write, b"line\n")
        assert seen.ready("stdin", read)
    finally:
        os.close(read)
        os.close(write)
    done = threading.Thread(target=lambda: None)
    done.start()
    done.join()
    assert seen.ready("join", done)


def test_a_child_that_ended_is_forgotten_when_the_next_one_says_hello(looks, spawn):
    first = spawn(SERVER.format(main="server.accept()"))
    assert first.stdout.readline().strip() == "serving"
    assert rests(looks, first.pid)
    first.kill()
    first.wait()
    second = spawn(SERVER.format(main="server.accept()"))   # a batch starts thousands: no descriptor kept
    assert second.stdout.readline().strip() == "serving"
    assert rests(looks, second.pid)
    assert not looks.connected(first.pid)


def hello(port, token, pid):
    """A connection to the look port that says hello as a witness would."""
    stranger = socket.create_connection(("127.0.0.1", int(port)), timeout=GENEROUS)
    stranger.sendall(f"{token} {pid}\n".encode())
    return stranger


def test_a_hello_for_a_process_that_does_not_own_the_connection_is_refused(looks, spawn):
    # Another process that read a pending token (a command line, a classmate's in a batch)
    # must not answer for a child of ours, nor take the token from the child it was for.
    child = spawn(SERVER.format(main="server.accept()"))
    assert child.stdout.readline().strip() == "serving"
    assert rests(looks, child.pid)
    port, token = looks.child_args()[0].split("=", 1)[1].split(":")
    for pid in (child.pid, 999999):
        with hello(port, token, pid) as liar:
            assert liar.recv(1) == b"", "a hello from a process that is not the one it names was taken"
    assert rests(looks, child.pid)   # still its own witness that answers
    second = subprocess.Popen([CHILD_PYTHON, "-I", "-S", "-X", "utf8", "-c", BOOT,
                               os.path.join(SANDBOX, "platform", "system.py"), os.path.join(SANDBOX, "witness.py"),
                               f"{port}:{token}", SERVER.format(main="server.accept()")],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert second.stdout.readline().strip() == "installed"   # the token is still its own
        assert rests(looks, second.pid)
    finally:
        second.kill()
        second.wait()


def test_connections_that_say_nothing_do_not_hold_up_the_next_hello(looks):
    # A flood from the student's code must not keep the next child's witness waiting in
    # connect() before its code may start: hellos are read side by side, not one by one.
    port, _ = looks.child_args()[0].split("=", 1)[1].split(":")
    silent = [socket.create_connection(("127.0.0.1", int(port)), timeout=GENEROUS) for _ in range(8)]
    try:
        with hello(port, "0123", os.getpid()) as stranger:
            assert stranger.recv(1) == b""   # refused at once...
        assert not select.select(silent, [], [], 0)[0]   # ...while the silent ones are still waited for
    finally:
        for each in silent:
            each.close()


CLOSES_ALL = '''
import os, socket, sys
os.closerange(3, 256)   # the witness's connection too: its number goes to a socket below
server = socket.create_server(("127.0.0.1", 0))
user = socket.create_connection(server.getsockname())
conn, _ = server.accept()
print("serving", flush=True)
sys.stdin.readline()
harm = []
for sock, read in ((server, server.accept), (user, lambda: user.recv(100)), (conn, lambda: conn.recv(100))):
    try:
        sock.setblocking(False)
        harm.append(repr(read()))   # nothing came: no connection, no byte
    except BlockingIOError:
        pass
    except OSError as error:
        harm.append(repr(error))
print(harm or "intact", flush=True)
'''


def test_a_student_who_closes_every_descriptor_keeps_the_sockets_that_reuse_their_numbers(looks, spawn):
    child = spawn(CLOSES_ALL)
    assert child.stdout.readline().strip() == "serving"
    for _ in range(5):   # each look would have the witness read, write or close a number now theirs
        assert looks.look(child.pid) is None
    child.stdin.write("go\n")
    child.stdin.flush()
    assert child.stdout.readline().strip() == "intact"


def test_a_select_given_an_iterator_sees_what_it_holds(spawn):
    # select() takes any iterable; the witness must not use up the student's own on the way.
    child = spawn("import select, socket\nours, theirs = socket.socketpair()\ntheirs.sendall(b'x')\n"
                  "ready, _, _ = select.select((sock for sock in [ours]), [], [])\nprint(len(ready), flush=True)")
    assert child.stdout.readline().strip() == "1"   # (communicate() would miss what readline() buffered)


def test_a_busy_thread_that_ends_is_a_change_the_quiet_margin_counts_from(looks, spawn):
    # What a thread did just before it ended (a sendall of its reply) may still be on its way:
    # the rest that follows is as old as the end, not as the last wait the process entered.
    child = spawn(SERVER.format(main="import time\ndef work():\n    time.sleep(0.5)\n    print('ended', flush=True)\n"
                                     "threading.Thread(target=work).start()\nserver.accept()"))
    assert child.stdout.readline().strip() == "serving"
    looks.look(child.pid)   # the witness knows the threads from a look before
    assert child.stdout.readline().strip() == "ended"
    seen = time.monotonic()
    deadline = seen + GENEROUS
    while (answer := looks.look(child.pid)) is None:
        assert time.monotonic() < deadline, "the witness never rested"
        time.sleep(0.02)
    assert answer[1] <= time.monotonic() - seen + 0.001, "a rest older than the end of the busy thread"


def test_a_thread_woken_by_a_condition_is_not_waiting_before_it_runs():
    # A Queue.put() notifies the worker in Queue.get(); until the worker runs, it is still
    # noted as waiting, and only the condition knows it was woken.
    seen = witness_module.Witness(system.pipe_ready)
    wait = witness_module.waiting(seen, "condition", threading.Condition.wait, blocks=witness_module._no_timeout)
    condition = threading.Condition()
    worker = threading.Thread(target=lambda: [condition.acquire(), wait(condition), condition.release()])
    worker.start()
    deadline = time.monotonic() + GENEROUS
    while True:
        with condition:
            if condition._waiters:   # type: ignore[attr-defined]
                assert not witness_module._notified(seen.waiting.values())
                condition.notify()   # the worker cannot run before this block ends
                assert witness_module._notified(seen.waiting.values())
                break
        assert time.monotonic() < deadline, "the worker never waited"
        time.sleep(0.01)
    worker.join(GENEROUS)
    assert not worker.is_alive() and not witness_module._notified(seen.waiting.values())


def test_a_hello_with_the_students_bytes_right_behind_it_still_counts(looks):
    """The student's code may write to the witness's connection as soon as it runs, before
    the grader has read the hello: the hello is its first line, whatever follows."""
    port, token = looks.child_args()[0].split("=", 1)[1].split(":")
    hello = ("import os, socket, sys\n"
             f"conn = socket.create_connection(('127.0.0.1', {port}))\n"
             f"conn.sendall(b'{token} %d\\nrest 1 99 1\\n' % os.getpid() + b'x' * 1000)\n"
             "sys.stdin.read()\n")
    child = subprocess.Popen([CHILD_PYTHON, "-c", hello], stdin=subprocess.PIPE)
    try:
        deadline = time.monotonic() + GENEROUS
        while not looks.connected(child.pid):
            assert time.monotonic() < deadline, "a hello followed by other bytes was refused"
            time.sleep(0.02)
    finally:
        child.kill()
        child.wait()
