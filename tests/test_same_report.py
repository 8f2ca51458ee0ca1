"""The same code gets the same report in every run, not only the same grade.

Two things used to move between identical runs: which check showed a module's start failure
(several workers meet it at once; grader/engine/runner.py one_start_failure keeps the first
in rubric order, and checks/conftest.py has that check always try), and the simulated users'
names and phrases (grader/chat/cast.py deals them from the check's id and the source)."""
import queue
from pathlib import Path

from grader.chat import cast
from grader.engine import limits, rubric
from grader.engine.outcome import Outcome
from grader.engine.roles import find_roles
from grader.engine.runner import Options, Worker, one_start_failure

CORPUS = Path(__file__).resolve().with_name("corpus")
CLIENT_CANNOT_START = CORPUS / "wild_client_prompt_toolkit"   # imports a package the grader does not have
SERVER_IDS = [c.id for c in rubric.checks("tcp", "server")]


def shown(checks):
    """What the report says of each check."""
    return [(o.id, o.status, o.reason, o.start_failed_in, o.not_checked_after) for o in checks]


def failed_to_start(check_id):
    return Outcome(check_id, "failed", reason="tcp_server.py stops at once: ImportError", start_failed=True,
                   outputs=[{"module": "tcp_server.py", "stderr": "ImportError", "stdout": "", "exit": 1}])


def skipped_after(check_id, failed_in):
    return Outcome(check_id, "skipped", reason=f"not checked after {failed_in}",
                   start_failed_in=failed_in, not_checked_after=failed_in)


def test_whichever_worker_met_a_start_failure_first_the_report_keeps_the_first_check_in_rubric_order():
    static, first, *middle, last = SERVER_IDS
    roles = find_roles(CLIENT_CANNOT_START)
    # one run: the forward worker's first check and the reverse worker's last met the failure at once
    at_once = [Outcome(static, "passed"), failed_to_start(first),
               *[skipped_after(i, last if n % 2 else first) for n, i in enumerate(middle)], failed_to_start(last)]
    # another run: the forward worker met it first and everything after was skipped
    one_by_one = [Outcome(static, "passed"), failed_to_start(first), *[skipped_after(i, first) for i in middle + [last]]]
    settled = one_start_failure(at_once, roles, "en")
    assert shown(settled) == shown(one_start_failure(one_by_one, roles, "en"))
    assert [o.id for o in settled if o.status == "failed"] == [first]
    assert settled[1] is at_once[1]                     # the kept failure is untouched: its transcript, its output
    assert {o.not_checked_after for o in settled[2:]} == {first}
    assert rubric.BY_ID[first].text("en") in settled[-1].reason and not settled[-1].outputs


def test_a_module_that_starts_and_other_failures_are_left_alone():
    roles = find_roles(CLIENT_CANNOT_START)
    checks = [Outcome(SERVER_IDS[0], "failed", reason="no threading"), Outcome(SERVER_IDS[1], "passed"),
              Outcome(SERVER_IDS[2], "failed", reason="timeout"), skipped_after(SERVER_IDS[3], SERVER_IDS[2])]
    assert one_start_failure(checks, roles, "en") == checks


def run_one_worker(folder, ids, reverse):
    """One worker on `ids` (from the end with `reverse`), every claim answered "go"; its outcomes."""
    events: queue.Queue = queue.Queue()
    worker = Worker(folder, ids, Options(lang="en"), events, find_roles(folder), reverse=reverse)
    outcomes = {}
    try:
        while True:
            _, event = events.get(timeout=limits.RUN_TIMEOUT)
            if event["type"] == "claim":
                worker.send(f"{event['id']} go")
            elif event["type"] == "result":
                outcomes[event["id"]] = Outcome.from_json(event)
            elif event["type"] == "worker-done":
                return outcomes
    finally:
        worker.stop()


def test_the_first_starting_check_tries_even_after_a_later_check_met_the_failure():
    """A worker from the end meets the client's failure in its last check first; the first
    check that starts the client still tries, so the failure kept is always its own."""
    ids = [c.id for c in rubric.checks("tcp", "client")]
    static, first, *middle, last = ids
    outcomes = run_one_worker(CLIENT_CANNOT_START, ids, reverse=True)
    assert outcomes[last].start_failed and outcomes[first].start_failed, outcomes
    assert all(outcomes[i].not_checked_after == last for i in middle)
    settled = one_start_failure([outcomes[i] for i in ids], find_roles(CLIENT_CANNOT_START), "en")
    assert [o.id for o in settled if o.status != "passed"] == [first, *middle, last]
    assert [o.id for o in settled if o.status == "failed"] == [first]
    assert all(o.not_checked_after == first for o in settled[2:])


def test_a_check_gets_the_same_names_and_phrases_for_the_same_source_and_others_for_another():
    def dealt(check_id, source):
        cast.deal(check_id, source)
        return cast.client_name(), cast.phrases(3), cast.phrases(1)

    source = b"import socket\n"
    assert dealt("tcp.client.sends", source) == dealt("tcp.client.sends", source)
    sources = [source + b"#" * n for n in range(6)]
    assert len({repr(dealt("tcp.client.sends", s)) for s in sources}) > 1   # an edit deals other words
    assert len({repr(dealt(c.id, source)) for c in rubric.checks("tcp", "client")}) > 1


def test_a_traceback_through_the_launcher_names_no_folder_of_this_run():
    from grader.report.terminal import without_local_paths
    line = 'File "/tmp/chatkit-worker-qe13p636/tmp/chatkit-runtime-_7u1lzg4/launch.py", line 292, in run'
    assert without_local_paths(line) == 'File "<kit>/grader/sandbox/launch.py", line 292, in run'


def test_a_transcript_shows_the_same_lines_however_the_system_cut_them_into_chunks():
    from grader.report.terminal import transcript_lines

    def lines(events):
        record = Outcome("tcp.client.shows", "failed", events=events, actors=[["Аня", "chat.role.user"]])
        return [line.split(None, 1)[1] for style, line in transcript_lines(record, "en") if style != "title"]

    at_once = [[0.1, "Аня", "recv", "Боря присоединился к чату.\nВика присоединился к чату.\n"],
               [0.2, "client", "print", "Введите ваше имя: Аня\n"], [0.3, "client", "type", "Привет"]]
    in_pieces = [[0.1, "Аня", "recv", "Боря присоединился к чату.\n"], [0.1, "Аня", "recv", "Вика присоединился к чату.\n"],
                 [0.2, "client", "print", "Введите ваше имя: "], [0.2, "client", "print", "Аня"],
                 [0.2, "client", "print", "\n"], [0.3, "client", "type", "Привет"]]
    assert lines(at_once) == lines(in_pieces)
    assert len(lines(at_once)) == 4
    datagrams = [[0.1, "Аня", "recv", "Аня: привет"], [0.2, "Аня", "recv", "Боря: пока"]]
    assert len(lines(datagrams)) == 2                   # what was received is never joined: a datagram stays whole


def test_a_check_of_one_user_runs_even_after_another_showed_the_server_serves_one_at_a_time():
    """A worker from the end finds it in the last check first; the checks of one user (the
    prompt, the welcome) still run and pass, as they do when a worker from the start gets there
    first: the grade does not depend on which worker found it."""
    folder = CORPUS / "tcp_server_one_at_a_time"
    outcomes = run_one_worker(folder, SERVER_IDS, reverse=True)
    found = SERVER_IDS[-1]
    assert outcomes[found].status == "failed"
    assert outcomes["tcp.server.prompt"].status == outcomes["tcp.server.welcome"].status == "passed"
    assert {outcomes[i].not_checked_after for i in SERVER_IDS if outcomes[i].status == "skipped"} == {found}
