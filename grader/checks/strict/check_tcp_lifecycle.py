"""The strict tier for TCP (--strict), processes coming and going: the server restarts on
its port at once, and the client exits when its input or the connection ends."""
import time

from chatkit.protocol import QUIT, chat_line, welcome
from grader.engine import limits
from grader.checks import check
from grader.checks.strict.tcp_tools import EXIT_LIMIT, wait_exit_or_explain
from grader.messages import say
from grader.chat.transcript import Failure, StartFailure
from grader.sandbox.child import Child
from grader.sandbox.platform import cpu_seconds
from grader.chat.scenarios import Chat


@check("tcp.server.restart")
def check_the_server_restarts_on_the_same_port_at_once(tcp_chat, grading):
    scenario = tcp_chat.scenario
    anya, borya = tcp_chat.join("Аня", "Боря")
    anya.say("Сейчас сервер перезапустят.")
    borya.expect(chat_line("Аня", "Сейчас сервер перезапустят."))
    old = tcp_chat.process
    old.stop()
    scenario.processes.remove(old)  # stopped on purpose: not a crash
    scenario.log(old.label(), "note", say("strict.restart.stopped", scenario.lang))
    for user in (anya, borya):
        # The server's side closed first; once our side closes too, the port is in TIME_WAIT.
        user.stream.wait_growth(user.stream.size, limits.EXPECT_TIMEOUT)
        user.close()
    port = tcp_chat.address[1]
    new = Child(scenario, grading.folder, grading.roles.file("tcp_server.py"), port, transport="tcp")
    try:
        new.wait_ready("tcp")
    except StartFailure as failure:  # not a start failure of the module: the other checks still run
        raise Failure(say("strict.restart.failed", scenario.lang, port=port, reason=failure.reason))
    again = Chat(scenario, tcp_chat.address, "tcp", new)
    vika = again.join("Вика")
    vika.expect(welcome("Вика"))


# --- the client ----------------------------------------------------------------------

@check("tcp.client.exits_at_eof")
def check_client_exits_at_the_end_of_input(tcp_client):
    server = tcp_client.handshake("Аня")
    client = tcp_client.client
    before, printed = cpu_seconds(client.proc.pid) or 0.0, tcp_client.output.stream.size
    client.end_input()
    cue = time.monotonic()
    # A real server closes the connection after "/quit" or the end of the client's stream.
    told = server.stream.wait_for(QUIT, EXIT_LIMIT, claim=False, give_up=tcp_client.pointless) or server.stream.ended
    if told:
        server.close()
        waiting = "strict.exit.waits_thread"
    else:
        waiting = "strict.exit.waits_recv"
    wait_exit_or_explain(tcp_client, before, printed, cue, "strict.exit.after_eof", waiting)


@check("tcp.client.exits_when_server_closes")
def check_client_exits_when_the_server_closes(tcp_client):
    server = tcp_client.handshake("Аня")
    server.say(chat_line("Боря", "Сервер сейчас закроется."))
    tcp_client.output.expect(chat_line("Боря", "Сервер сейчас закроется."))
    before, printed = cpu_seconds(tcp_client.client.proc.pid) or 0.0, tcp_client.output.stream.size
    cue = time.monotonic()
    server.close()
    wait_exit_or_explain(tcp_client, before, printed, cue, "strict.exit.after_close", "strict.exit.waits_input")
