"""The UDP server: one datagram per message, the first one from an address is the name."""
from grader.checks import behaviour, check
from grader.checks.source import check_source


@check("udp.server.static")
def check_server_uses_datagram_sockets(grading, scenario):
    check_source(grading, scenario, "udp", "server")


@check("udp.server.welcome")
def check_server_welcomes_a_user_by_name(udp_chat):
    behaviour.welcomes_a_user_by_name(udp_chat)


@check("udp.server.join_notice")
def check_others_learn_that_a_user_joined(udp_chat):
    behaviour.tells_the_others_who_joined(udp_chat)


@check("udp.server.broadcast_3")
def check_a_message_reaches_every_other_user(udp_chat):
    behaviour.relays_to_every_other_user(udp_chat)


@check("udp.server.broadcast_10")
def check_a_message_reaches_all_ten_users(udp_chat):
    behaviour.relays_to_ten_users(udp_chat)


@check("udp.server.no_echo")
def check_sender_does_not_get_its_own_message(udp_chat):
    behaviour.does_not_echo_the_sender(udp_chat)


@check("udp.server.leave_notice")
def check_others_learn_that_a_user_left(udp_chat):
    behaviour.tells_the_others_who_left(udp_chat)


@check("udp.server.after_leave")
def check_the_others_keep_chatting_after_a_user_left(udp_chat):
    behaviour.keeps_chatting_after_a_user_left(udp_chat)


@check("udp.server.vanished_user")
def check_the_server_survives_a_user_who_vanished(udp_chat):
    behaviour.survives_a_vanished_user(udp_chat)
