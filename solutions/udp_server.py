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
     Если первая датаграмма с нового адреса — QUIT («/quit»), это не имя: человек ушёл,
     не войдя. Ничего не делайте.
  2. Следующие датаграммы с этого адреса доходят до всех остальных как
     chat_line(name, text): «Аня: привет». Отправитель своё сообщение не получает.
     Пустые сообщения (и сообщения из одних пробелов) не рассылаются. decode_message(data)
     сама убирает "\\r\\n" в конце и обрезает сообщение длиннее 4096 байт.
  3. Датаграмма QUIT с известного адреса — выход: адрес удаляется из словаря, остальные
     получают left(name): «Аня покинул чат.» Ушедшему больше ничего не приходит.
  Текст превращается в байты так: message.encode(ENCODING).

Ловушки
-------
  * recvfrom(1024) молча отрезает всё, что в датаграмме дальше 1024 байт (а в Windows
    бросает ошибку). Сообщение может занимать 4096 байт: сколько просить у recvfrom()?
  * В Windows recvfrom() бросает ConnectionResetError, если раньше sendto() ушёл
    на адрес, где уже никто не слушает (клиент закрылся без «/quit»). Это не повод
    останавливать сервер.
  * Ctrl+C в Windows не прерывает recvfrom(), который ждёт без конца: дайте сокету
    таймаут (settimeout) и продолжайте цикл, когда он истечёт.
  * Не удаляйте из словаря, пока обходите его (RuntimeError: dictionary changed size
    during iteration).

Документация
------------
  socket.recvfrom   https://docs.python.org/3/library/socket.html#socket.socket.recvfrom
  socket.sendto     https://docs.python.org/3/library/socket.html#socket.socket.sendto
  socket.settimeout https://docs.python.org/3/library/socket.html#socket.socket.settimeout

Как устроено это решение (эталон)
---------------------------------
Один цикл вокруг recvfrom(), один сокет, один словарь. Словарь трогает только главный
поток, поэтому блокировка не нужна. Сокету дан большой буфер приёма: UDP не ждёт
получателя, и пачка датаграмм, пришедших, пока цикл занят, ждёт в буфере; когда он
полон, система молча выбрасывает новые.

Запуск:   python -m solutions.udp_server --host 127.0.0.1 --port 5000
Проверка: python -m grader --only udp
"""
import socket

from chatkit.ports import DEFAULT_PORT, SERVER_HOST
from chatkit.protocol import (ENCODING, QUIT, clean_name, chat_line, decode_message,
                              joined, left, welcome)

MAX_DATAGRAM = 65535                    # самая большая датаграмма UDP; decode_message обрежет текст
RECV_POLL_SECONDS = 0.5                 # recvfrom() просыпается так часто, чтобы Ctrl+C работал и в Windows
RECEIVE_BUFFER_BYTES = 4 * 1024 * 1024  # место для пачки датаграмм, ждущих recvfrom()

clients = {}   # адрес клиента (IP, порт) -> имя пользователя


def handle_datagram(server_socket, data, client_address):
    """Обработать одну датаграмму: имя нового пользователя, его сообщение или выход."""
    # TODO 1. Превратите байты в текст (decode_message).
    text = decode_message(data)
    # TODO 2. Кто это? Адреса нет в clients — значит, text это имя (или QUIT до входа:
    #         тогда ничего). Инвариант: имена в clients всегда разные (clean_name).
    #         Новому — welcome, остальным — joined.
    if client_address not in clients:
        if text == QUIT:
            return  # незнакомец прощается: делать нечего
        username = clean_name(text, clients.values())
        clients[client_address] = username
        send(server_socket, welcome(username), client_address)
        mailing(server_socket, joined(username), client_address)
    # TODO 3. QUIT с известного адреса — уход: после него этому адресу больше ничего
    #         не приходит, а остальные получают left.
    elif text == QUIT:
        username = clients.pop(client_address)
        mailing(server_socket, left(username), client_address)
    # TODO 4. Остальное — сообщение в чат: пустые пропустите, иначе chat_line остальным.
    elif text.strip():  # пустое сообщение и сообщение из пробелов не рассылаются
        mailing(server_socket, chat_line(clients[client_address], text), client_address)


def mailing(server_socket, message, sender_address):
    """Разослать message всем сохранённым адресам, кроме sender_address."""
    # TODO 1. Каждый известный адрес, кроме отправителя, получает одну датаграмму.
    # TODO 2. Ошибка (OSError) при отправке одному адресу не должна прерывать рассылку
    #         остальным: UDP и так ничего не обещает.
    for address in clients:  # send() словарь не меняет, так что обходить его можно прямо
        if address != sender_address:
            send(server_socket, message, address)


def send(server_socket, message, address):
    """Отправить одно сообщение одной датаграммой; недоставка — не ошибка сервера."""
    try:
        server_socket.sendto(message.encode(ENCODING), address)
    except OSError:
        pass  # до этого адреса сейчас не достучаться; UDP доставку и не обещает


def main(host=SERVER_HOST, port=DEFAULT_PORT):
    """Запустить сервер на host:port и обрабатывать датаграммы, пока процесс не остановят."""
    # TODO 1. Создайте UDP-сокет и привяжите его к (host, port) — здесь, а не при импорте
    #         модуля. Напечатайте, где сервер запущен.
    server_socket = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        # Система может дать меньше, чем просили (в Linux не больше net.core.rmem_max),
        # и никакой буфер не вместит любую пачку: UDP всегда может терять датаграммы.
        server_socket.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, RECEIVE_BUFFER_BYTES)
        server_socket.bind((host, port))
        server_socket.settimeout(RECV_POLL_SECONDS)
        print(f"UDP-сервер запущен на {host}:{port}", flush=True)
        # TODO 2. В цикле получайте датаграммы и передавайте каждую handle_datagram.
        #         Ловушки цикла (размер recvfrom, ConnectionResetError, Ctrl+C в Windows) —
        #         в начале файла.
        while True:
            try:
                data, client_address = server_socket.recvfrom(MAX_DATAGRAM)
            except socket.timeout:
                continue  # ничего не пришло: просто шанс для Ctrl+C
            except ConnectionResetError:
                # Windows так сообщает, что прежняя датаграмма не дошла (её адресат ушёл).
                # О следующей датаграмме это ничего не говорит: продолжаем.
                continue
            handle_datagram(server_socket, data, client_address)
    finally:
        server_socket.close()


if __name__ == "__main__":
    from chatkit.cli import run_by_hand
    run_by_hand(main, "server")
