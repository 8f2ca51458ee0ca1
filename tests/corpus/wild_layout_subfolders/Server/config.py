"""Settings shared by the server's files (a helper beside it in Server/)."""
HOST = "127.0.0.1"
PORT = 5005
PROMPT = "Введите ваше имя: "
