"""What the grader and the harness (the child's side) agree on, defined once.

Standard library only and no imports of the kit: the harness imports this module inside
the student's process.
"""
import os

HARNESS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "harness.py")

# Progress marks: the harness and launch.py write them, one per line, to the marks pipe; the
# grader only uses them as hints for the report (the student's code could write there too).
# launch.py, loaded alone in the child, takes this module from the harness (launch.run(..., marks)).
MARK_SHAPE = "shape:"                 # the entry's shape follows ("shape:script"): grader/engine/shapes.py
MARK_IMPORT = "import"                # about to import the module
MARK_IMPORT_FAILED = "import-failed"  # the import raised (the traceback is on stderr)
MARK_EXIT_AT_IMPORT = "exit-at-import"   # exit() as the module was imported (import-failed follows)
MARK_IMPORTED = "imported"            # the module imported
MARK_NO_MAIN = "no-main"              # it has no callable main
MARK_MAIN = "main"                    # main(host, port) was called, in a thread of its own
MARK_EXITED = "exited"                # main() raised SystemExit
MARK_RAISED = "raised:"               # main() raised; the exception's name follows
MARK_RETURNED = "returned"            # main() returned
MARK_REDIRECT = "redirect:"           # an address the code used went to the grader's port:
                                      # "redirect:bind:0.0.0.0:1221" (what:host:port, launch.py)
MARK_IGNORES_PORT = "ignores-port:"   # it used a port of its own besides the one handed to it
MARK_CONFINED = "confined"            # Landlock restricts the process (confinement.py)
MARK_CONFINE_FAILED = "confine-failed"   # it was asked for and failed: the child stops
MARKS_CAP = 64                        # marks kept from one child: they are only hints

# prctl(2) options (linux/prctl.h).
PR_SET_DUMPABLE = 4
PR_CAPBSET_DROP = 24
PR_SET_CHILD_SUBREAPER = 36
PR_GET_CHILD_SUBREAPER = 37
PR_SET_NO_NEW_PRIVS = 38
