"""The TCP client, driven through stdin and stdout against a server the grader controls."""
from grader.checks import check, client_name, phrases
from grader.checks.source import check_source


@check("tcp.client.static")
def check_client_uses_socket_and_a_receiving_thread(grading, scenario):
    check_source(grading, scenario, "tcp", "client")


@check("tcp.client.shows")
def check_client_shows_what_the_server_sends(tcp_client):
    name = client_name()
    server = tcp_client.accept(name)
    tcp_client.ask_name(server, name, shown="expect")
    tcp_client.await_name(server, name, required=False)
    welcome = tcp_client.says.send_welcome(name)
    server.say(welcome)
    tcp_client.output.expect(welcome)


@check("tcp.client.sends")
def check_client_sends_every_typed_line(tcp_client):
    name = client_name()
    server = tcp_client.accept(name)
    tcp_client.ask_name(server, name)
    tcp_client.await_name(server, name)
    server.say(tcp_client.says.send_welcome(name))
    *lines, answer = phrases(3)
    for line in lines:
        tcp_client.client.type(line)
        server.expect(tcp_client.sent(name, line))
        # Someone answers: a client that waits for the server between two inputs still
        # gets to read the next line. Receiving while idle is another check's business.
        server.say(tcp_client.says.send_chat_line("Вика", answer))


@check("tcp.client.receives_idle")
def check_client_prints_a_message_while_the_user_is_idle(tcp_client):
    server = tcp_client.handshake(client_name())
    message = tcp_client.says.send_chat_line("Вика", phrases(1)[0])
    server.say(message)
    tcp_client.output.expect(message)
