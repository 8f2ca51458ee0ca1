"""Задание 4. Многопользовательский чат на TCP: сервер.

Что нужно сделать
-----------------
Сервер ждёт подключений и для каждого клиента запускает отдельный поток
(threading.Thread) с функцией handle_client. Подключённых пользователей сервер хранит
в словаре clients (сокет -> имя), чтобы было кому рассылать сообщения. Рассылкой
занимается функция mailing. Словарь общий для всех потоков, поэтому работать с ним
можно только под блокировкой chat_lock.

Протокол (строки не набирайте руками, берите их из chatkit.protocol)
-----------------------------------------------------------------
  1. Сразу после подключения сервер отправляет клиенту PROMPT: «Введите ваше имя: ».
  2. Первая строка от клиента — его имя. clean_name(raw, taken) применяет правила:
     пробелы по краям убираются, пустое имя становится «Гость», занятое имя получает
     номер («Аня» -> «Аня2»).
  3. Новому пользователю сервер отвечает welcome(name): «Добро пожаловать, Аня!»,
     а всем остальным рассылает joined(name): «Аня присоединился к чату.»
  4. Каждая следующая строка доходит до всех остальных как chat_line(name, text):
     «Аня: привет». Отправитель своё сообщение обратно не получает. Пустые сообщения
     не рассылаются. decode_message(raw) сама убирает "\\r\\n" в конце и обрезает
     сообщение длиннее 4096 байт.
  5. Когда клиент отключается (recv() вернул b"" или соединение оборвалось) или
     присылает QUIT («/quit»), остальные получают left(name): «Аня покинул чат.»
  Каждая строка, которую отправляет сервер, заканчивается "\\n": encode_line(message)
  превращает текст в байты вместе с "\\n".

Ловушки, в которые попадает пример с лекции
-------------------------------------------
  * recv(1024) — это не «одно сообщение». TCP передаёт поток байтов: два сообщения
    могут прийти за один recv(), а одно длинное — за два. Читайте строки до "\\n":
    проще всего через reader = client_socket.makefile("rb") и reader.readline().
    Заодно так русская буква (в UTF-8 это 2 байта) не разрежется пополам.
  * Не отправляйте, пока держите блокировку. Если кто-то из клиентов перестал читать,
    sendall() ему будет ждать вечно, а с ним и весь чат: остальные потоки не смогут
    взять chat_lock. Под блокировкой только скопируйте получателей, отправляйте после.
  * Не удаляйте из словаря, пока обходите его: del clients[s] внутри for s in clients
    падает с RuntimeError: dictionary changed size during iteration.
  * Удаляйте ушедшего ровно один раз. clients.pop(client_socket, None) не падает,
    даже если ключа уже нет.
  * send() может отправить только часть байтов — используйте sendall().

Запуск:   python -m lab.tcp_server --host 127.0.0.1 --port 5000
Проверка: python -m grader --only tcp
"""
import socket
import threading

from chatkit.ports import DEFAULT_PORT, SERVER_HOST
from chatkit.protocol import (PROMPT, QUIT, clean_name, chat_line, decode_message,
                              encode_line, joined, left, welcome)

clients = {}                  # сокет клиента -> имя пользователя
chat_lock = threading.Lock()  # охраняет clients: его читают и меняют потоки всех клиентов


def handle_client(client_socket, client_address):
    """Поговорить с одним клиентом: узнать имя, затем пересылать его строки остальным.

    Работает в отдельном потоке, по одному потоку на каждого клиента.
    """
    # TODO 1. Попросите имя:
    #         client_socket.sendall(encode_line(PROMPT))
    # TODO 2. Читайте строки, а не куски по 1024 байта:
    #         reader = client_socket.makefile("rb")
    #         raw = reader.readline()
    #         b"" значит: клиент ушёл, не назвавшись, — закройте сокет и выйдите (return)
    # TODO 3. Выберите имя и сохраните клиента под одной блокировкой, иначе два потока
    #         могут одновременно отдать одно и то же имя:
    #         with chat_lock:
    #             username = clean_name(decode_message(raw), clients.values())
    #             clients[client_socket] = username
    # TODO 4. Поприветствуйте его и сообщите остальным:
    #         client_socket.sendall(encode_line(welcome(username)))
    #         mailing(joined(username), client_socket)
    # TODO 5. Пересылайте его сообщения, пока он не уйдёт:
    #         for raw in reader:
    #             text = decode_message(raw)
    #             пустой text пропустите; text == QUIT — выход из цикла;
    #             иначе mailing(chat_line(username, text), client_socket)
    #         Оборванное соединение даёт OSError (например, ConnectionResetError):
    #         поймайте его — это тоже уход.
    # TODO 6. Уход: удалите клиента ровно один раз, сообщите остальным, закройте сокет:
    #         with chat_lock:
    #             clients.pop(client_socket, None)
    #         mailing(left(username), client_socket)
    #         reader.close(); client_socket.close()
    raise NotImplementedError("handle_client() ещё не написана: заполните TODO")


def mailing(message, sender_socket):
    """Разослать message всем сохранённым клиентам, кроме sender_socket."""
    # TODO 1. Под блокировкой только скопируйте получателей:
    #         with chat_lock:
    #             recipients = [s for s in clients if s is not sender_socket]
    # TODO 2. Отправляйте уже после with, каждому отдельно:
    #         data = encode_line(message)
    #         for client_socket in recipients:
    #             try:
    #                 client_socket.sendall(data)
    #             except OSError:
    #                 pass   # этот клиент ушёл; его поток handle_client сам его удалит
    #         Ошибка у одного получателя не должна прерывать рассылку остальным.
    raise NotImplementedError("mailing() ещё не написана: заполните TODO")


def main(host=SERVER_HOST, port=DEFAULT_PORT):
    """Запустить сервер на host:port и обслуживать клиентов, пока процесс не остановят."""
    # TODO 1. Создайте сокет и привяжите его к адресу (здесь, а не при импорте модуля):
    #         server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    #         server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    #         (эта строка даёт сразу перезапустить сервер на том же порту в Linux и macOS;
    #          в Windows её не пишите: там она позволит двум серверам занять один порт)
    #         server.bind((host, port))
    #         server.listen()
    #         print(f"Сервер запущен на {host}:{port}")
    # TODO 2. В бесконечном цикле принимайте подключения и для каждого запускайте поток:
    #         client_socket, client_address = server.accept()
    #         threading.Thread(target=handle_client,
    #                          args=(client_socket, client_address), daemon=True).start()
    raise NotImplementedError("main() ещё не написана: заполните TODO")


if __name__ == "__main__":
    from chatkit.cli import run_by_hand
    run_by_hand(main, "server")
