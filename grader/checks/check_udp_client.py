"""The UDP client: asks for the name itself, sends datagrams, receives in a thread."""
from grader.checks import check, client_name, phrases
from grader.checks.source import check_source


@check("udp.client.static")
def check_client_uses_datagrams_and_a_receiving_thread(grading, scenario):
    check_source(grading, scenario, "udp", "client")


@check("udp.client.shows")
def check_client_asks_for_a_name_and_shows_the_answer(udp_client):
    name = client_name()
    udp_client.wait_started()
    udp_client.output.expect(udp_client.says.prompt())   # lenient: a prompt of its own
    udp_client.client.type(name)
    udp_client.await_name(udp_client.server, name)
    welcome = udp_client.says.send_welcome(name)
    udp_client.server.say(welcome)
    udp_client.output.expect(welcome)


@check("udp.client.sends")
def check_client_sends_every_typed_line(udp_client):
    name = client_name()
    udp_client.wait_started()
    udp_client.client.type(name)
    udp_client.await_name(udp_client.server, name)
    udp_client.server.say(udp_client.says.send_welcome(name))
    *lines, answer = phrases(3)
    for line in lines:
        udp_client.client.type(line)
        udp_client.server.expect(udp_client.sent(name, line))
        udp_client.server.say(udp_client.says.send_chat_line("Вика", answer))  # see check_tcp_client


@check("udp.client.receives_idle")
def check_client_prints_a_message_while_the_user_is_idle(udp_client):
    server = udp_client.handshake(client_name())
    message = udp_client.says.send_chat_line("Вика", phrases(1)[0])
    server.say(message)
    udp_client.output.expect(message)
