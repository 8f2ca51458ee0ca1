"""Задание 4. Многопользовательский чат на UDP: клиент (до 80% баллов).

Что нужно сделать
-----------------
Клиент спрашивает имя через input(PROMPT), отправляет его серверу первой датаграммой,
а потом делает две вещи одновременно: отправляет каждую введённую строку и печатает
(print()) всё, что присылает сервер. input() останавливает поток, пока пользователь
не нажмёт Enter, поэтому приём идёт в отдельном потоке (threading.Thread) — этого
требует задание.

Протокол (строки берите из chatkit.protocol)
--------------------------------------------
  * Одна датаграмма — одно сообщение, "\\n" в конце не нужен:
    client_socket.sendto(text.encode(ENCODING), server_address).
  * Первая датаграмма — имя. Сервер ответит welcome(name): «Добро пожаловать, Аня!»
    Если имя занято, сервер добавит номер («Аня2») — приветствие это покажет.
  * Каждая следующая датаграмма — сообщение в чат.
  * QUIT («/quit») — выход: сервер забудет ваш адрес и сообщит остальным.
    Конец ввода (Ctrl+D, а в Windows Ctrl+Z и Enter) — тоже выход: отправьте QUIT.

Ловушки
-------
  * Отправьте имя до того, как запустите поток приёма. Пока сокет ничего не отправил,
    у него нет своего порта, и recvfrom() на нём в Windows сразу бросает ошибку.
  * recvfrom(1024) молча отрезает всё, что в датаграмме дальше 1024 байт:
    берите recvfrom(65536).
  * В Windows recvfrom() бросает ConnectionResetError, если сервер не запущен или
    остановился. Поймайте её, чтобы поток приёма не падал.

Запуск (сначала запустите сервер): python -m lab.udp_client --port 5000
"""
import socket
import threading

from chatkit.ports import CLIENT_HOST, DEFAULT_PORT
from chatkit.protocol import ENCODING, PROMPT, QUIT, decode_message


def send_message(client_socket, server_address):
    """Читать строки пользователя через input() и отправлять каждую датаграммой."""
    # TODO 1. В цикле читайте строку; конец ввода — это выход:
    #         try:
    #             text = input()
    #         except EOFError:
    #             text = QUIT
    # TODO 2. client_socket.sendto(text.encode(ENCODING), server_address)
    # TODO 3. После text == QUIT выйдите из цикла.
    raise NotImplementedError("send_message() ещё не написана: заполните TODO")


def receive_message(client_socket):
    """Печатать каждую датаграмму от сервера."""
    # TODO 1. В бесконечном цикле:
    #         try:
    #             data, address = client_socket.recvfrom(65536)
    #         except ConnectionResetError:
    #             continue      # Windows: сервер пока недоступен, см. ловушки выше
    #         except OSError:
    #             break         # сокет закрыт — программа заканчивается
    #         print(decode_message(data))
    raise NotImplementedError("receive_message() ещё не написана: заполните TODO")


def main(host=CLIENT_HOST, port=DEFAULT_PORT):
    """Представиться серверу host:port и переписываться, пока пользователь не выйдет."""
    # TODO 1. Создайте сокет (здесь, а не при импорте модуля):
    #         client_socket = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    #         server_address = (host, port)
    # TODO 2. Спросите имя и отправьте его первой датаграммой:
    #         name = input(PROMPT)     (EOFError здесь — пользователь сразу ушёл: return)
    #         client_socket.sendto(name.encode(ENCODING), server_address)
    # TODO 3. Только теперь запустите приём в отдельном потоке:
    #         threading.Thread(target=receive_message, args=(client_socket,),
    #                          daemon=True).start()
    #         daemon=True: когда main() закончится, этот поток не помешает программе выйти.
    # TODO 4. Ввод читайте здесь же, в основном потоке, а в конце закройте сокет:
    #         send_message(client_socket, server_address)
    #         client_socket.close()
    raise NotImplementedError("main() ещё не написана: заполните TODO")


if __name__ == "__main__":
    from chatkit.cli import run_by_hand
    run_by_hand(main, "client")
