"""The UDP client: asks for the name itself, sends datagrams, receives in a thread."""
from chatkit.protocol import PROMPT, chat_line, welcome
from grader.checks import check
from grader.checks.static import check_source


@check("udp.client.static")
def check_client_uses_datagrams_and_a_receiving_thread(grading, scenario):
    check_source(grading, scenario, "udp", "client")


@check("udp.client.shows")
def check_client_asks_for_a_name_and_shows_the_answer(udp_client):
    udp_client.wait_started()
    udp_client.output.expect(PROMPT)
    udp_client.client.type("Аня")
    udp_client.server.expect("Аня")
    udp_client.server.say(welcome("Аня"))
    udp_client.output.expect(welcome("Аня"))


@check("udp.client.sends")
def check_client_sends_every_typed_line(udp_client):
    udp_client.wait_started()
    udp_client.client.type("Аня")
    udp_client.server.expect("Аня")
    udp_client.server.say(welcome("Аня"))
    for line in ("Всем привет!", "Как дела?"):
        udp_client.client.type(line)
        udp_client.server.expect(line)
        udp_client.server.say(chat_line("Боря", "ага"))  # see check_tcp_client: not a test of receiving


@check("udp.client.receives_idle")
def check_client_prints_a_message_while_the_user_is_idle(udp_client):
    server = udp_client.handshake("Аня")
    server.say(chat_line("Боря", "Аня, ты тут?"))
    udp_client.output.expect(chat_line("Боря", "Аня, ты тут?"))
