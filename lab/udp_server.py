"""Задание 4. Многопользовательский чат на UDP: сервер (до 80% баллов).

Что нужно сделать
-----------------
В UDP нет подключений: сервер получает отдельные датаграммы через recvfrom() и узнаёт
пользователя по адресу отправителя (IP и порт). Сервер хранит пользователей в словаре
clients (адрес -> имя), чтобы было кому рассылать сообщения. Один поток, который по
очереди обрабатывает датаграммы, здесь достаточен: recvfrom() отдаёт их по одной,
а sendto() не ждёт получателя. Если вы всё же добавите потоки, добавьте и блокировку.

Протокол (строки берите из chatkit.protocol)
--------------------------------------------
Одна датаграмма — одно сообщение, "\\n" в конце не нужен.
  1. Первая датаграмма с нового адреса — это имя. clean_name(text, taken) применяет
     правила: пробелы по краям убираются, пустое имя становится «Гость», занятое имя
     получает номер («Аня» -> «Аня2»).
     Этому адресу сервер отвечает welcome(name): «Добро пожаловать, Аня!»,
     а всем остальным известным адресам — joined(name): «Аня присоединился к чату.»
  2. Следующие датаграммы с этого адреса доходят до всех остальных как
     chat_line(name, text): «Аня: привет». Отправитель своё сообщение не получает.
     Пустые сообщения не рассылаются. decode_message(data) сама убирает "\\r\\n"
     в конце и обрезает сообщение длиннее 4096 байт.
  3. Датаграмма QUIT («/quit») — выход: адрес удаляется из словаря, остальные
     получают left(name): «Аня покинул чат.» Ушедшему больше ничего не приходит.
  Текст превращается в байты так: message.encode(ENCODING).

Ловушки
-------
  * recvfrom(1024) молча отрезает всё, что в датаграмме дальше 1024 байт (а в Windows
    бросает ошибку). Сообщение может занимать 4096 байт: берите recvfrom(65536).
  * В Windows recvfrom() бросает ConnectionResetError, если раньше sendto() ушёл
    на адрес, где уже никто не слушает (клиент закрылся без «/quit»). Это не повод
    останавливать сервер: поймайте ошибку и продолжайте цикл.
  * Не удаляйте из словаря, пока обходите его (RuntimeError: dictionary changed size
    during iteration): обходите копию, list(clients).

Запуск:   python -m lab.udp_server --host 127.0.0.1 --port 5000
Проверка: python -m grader --only udp
"""
import socket

from chatkit.ports import DEFAULT_PORT, SERVER_HOST
from chatkit.protocol import (ENCODING, QUIT, clean_name, chat_line, decode_message,
                              joined, left, welcome)

clients = {}   # адрес клиента (IP, порт) -> имя пользователя


def handle_datagram(server_socket, data, client_address):
    """Обработать одну датаграмму: имя нового пользователя, его сообщение или выход."""
    # TODO 1. Превратите байты в текст: text = decode_message(data)
    # TODO 2. Адреса ещё нет в clients — значит, text это имя:
    #         username = clean_name(text, clients.values())
    #         clients[client_address] = username
    #         server_socket.sendto(welcome(username).encode(ENCODING), client_address)
    #         mailing(server_socket, joined(username), client_address)
    # TODO 3. text == QUIT — выход:
    #         username = clients.pop(client_address)
    #         mailing(server_socket, left(username), client_address)
    # TODO 4. Пустой text пропустите, иначе разошлите:
    #         mailing(server_socket, chat_line(clients[client_address], text), client_address)
    raise NotImplementedError("handle_datagram() ещё не написана: заполните TODO")


def mailing(server_socket, message, sender_address):
    """Разослать message всем сохранённым адресам, кроме sender_address."""
    # TODO 1. data = message.encode(ENCODING)
    # TODO 2. for address in list(clients):
    #             if address != sender_address:
    #                 server_socket.sendto(data, address)
    #         Ошибка (OSError) при отправке одному адресу не должна прерывать рассылку.
    raise NotImplementedError("mailing() ещё не написана: заполните TODO")


def main(host=SERVER_HOST, port=DEFAULT_PORT):
    """Запустить сервер на host:port и обрабатывать датаграммы, пока процесс не остановят."""
    # TODO 1. Создайте сокет и привяжите его к адресу (здесь, а не при импорте модуля):
    #         server_socket = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    #         server_socket.bind((host, port))
    #         print(f"Сервер запущен на {host}:{port}")
    # TODO 2. В бесконечном цикле получайте датаграммы и обрабатывайте их:
    #         try:
    #             data, client_address = server_socket.recvfrom(65536)
    #         except ConnectionResetError:
    #             continue        # Windows: кто-то из клиентов закрылся, см. ловушки выше
    #         handle_datagram(server_socket, data, client_address)
    raise NotImplementedError("main() ещё не написана: заполните TODO")


if __name__ == "__main__":
    from chatkit.cli import run_by_hand
    run_by_hand(main, "server")
