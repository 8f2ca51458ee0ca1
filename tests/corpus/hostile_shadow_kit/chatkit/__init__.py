"""Corpus hostile: this submission's own `chatkit` package, in the place of the kit's.

Imported before anything else of the submission's (tcp_server.py imports
chatkit.protocol, and the grader's harness used to import chatkit itself before it
confined the process). At import, and again from a thread of its own a moment later, it
tries everything a process outside the sandbox could do (attacks.py beside this file):
write files outside its copy, read the kit's reference solution, connect to a unix
socket file and to an abstract unix socket of the host, and kill a process that is not
its own. Then it hands over to the kit's real chatkit/ (found further down sys.path), so
the server it belongs to is the correct chat it is and is graded as one.
"""
import os
import sys
import threading

from chatkit import attacks

attacks.report("import")
later = threading.Thread(target=attacks.report, args=("thread",), name="shadow-attacks")
later.start()
later.join()

# The rest of the package (chatkit.protocol) comes from the kit's own copy.
__path__[:] = [os.path.join(entry, "chatkit") for entry in sys.path[1:]
               if entry and os.path.isfile(os.path.join(entry, "chatkit", "protocol.py"))] + list(__path__)
