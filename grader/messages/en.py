"""English (--lang en). Keep the ids in step with ru.py."""

TEXT = {
    # Whom the student's code runs as (grader/sandbox.py: sandbox_user_status), said once per report.
    "sandbox.user.dropped": "The submission's code runs as a separate user, {name}: it can neither write "
                            "the grader's files nor interfere with the grader.",
    "sandbox.user.not_root": "The submission's code runs with the rights of whoever started the grader: "
                             "a separate user is possible only when the grader runs as root.",
    "sandbox.user.no_users": "The submission's code runs with the rights of whoever started the grader: "
                             "this system has no user switching.",
    "sandbox.user.no_such_user": "The submission's code runs with the grader's own rights: there is no "
                                 "user \"{name}\" for it (CHATKIT_SANDBOX_USER).",
    "sandbox.user.python": "The submission's code runs with the grader's own rights: user {name} cannot "
                           "run {path} (for example, Python is installed in a private folder).",
    "sandbox.user.kit": "The submission's code runs with the grader's own rights: user {name} cannot "
                        "read the grader's folder {path} (closed to others).",
    "sandbox.user.copy": "The submission's code runs with the grader's own rights: user {name} cannot "
                         "enter the temporary folder {path}.",
    "sandbox.user.probe_failed": "The submission's code runs with the grader's own rights: a trial run "
                                 "as {name} failed.",
    # --- roles: which file plays which part (grader/engine/roles.py) ---
    "roles.part.tcp_server": "TCP server",
    "roles.part.tcp_client": "TCP client",
    "roles.part.udp_server": "UDP server",
    "roles.part.udp_client": "UDP client",
    "roles.taken.kit": "{part}: {file}",
    "roles.taken.found": "{part}: {file} (recognised by its code)",
    "roles.taken.given": "{part}: {file} (chosen by the instructor)",
    "roles.ambiguous": "Several files could be the {part} ({files}): keep one, or name it, "
                       "e.g. --{option} {first}.",
    "roles.none": "No {part} found: no file looks like one from its code; add it or name the file: "
                  "--{option} FILE.",
    "roles.given_missing": "\"{file}\", given with --{option}, is not in the submission: check the file name.",
    "roles.nothing": "\"{path}\" holds no chat module (a .py file that uses socket): it is not a submission folder, give the one that holds your chat.",
    "roles.map_bad": "The mapping file \"{path}\" cannot be read ({error}): it must be JSON such as "
                     "{{\"*\": {{\"tcp-server\": \"server.py\"}}, \"ivanov\": {{\"tcp-client\": \"Client.py\"}}}}.",
    # --- launch: how a module was started (grader/engine/shapes.py, grader/sandbox/launch.py) ---
    "launch.shape": "{file} was started as {label}",
    "launch.label.script": "a program (its if __name__ == \"__main__\": block)",
    "launch.label.module": "a program (its module-level code)",
    "launch.binds_at_import": "{file} creates and binds its socket at import, outside any function: it works, "
                              "but the module cannot be started on another address; better move it into main().",
    "launch.ignores_port": "{file} does not use the port it is given (it has its own: {port}); "
                           "the grader redirected it to its own port.",
    "launch.redirected": "{file} uses its own address {address}; the grader redirected it to 127.0.0.1 "
                         "and its own port.",
    "launch.input_at_import": "{file} calls input() as it starts, and a server has no keyboard while graded: "
                              "remove the input (the grader supplies the address and port) or ask only in the client.",
    "launch.missing_helper": "{file} imports {name}, but {name}.py is not in the submission: add it to the folder.",
    "launch.missing_package": "{file} imports {name}, and only Python's standard library is available while "
                              "grading: do without that package.",
    "launch.exit_at_import": "{file} calls exit() as it starts and ends before doing anything: "
                             "call exit() only where the program is meant to end.",
    "launch.no_address": "{file} binds an address this machine does not have ({error}): "
                         "use '0.0.0.0' or the host it is given.",
    "launch.hint_not_started": "the module did not start, so the check itself never began: fix the cause "
                               "named above, and the module's other checks will run too",
    "launch.no_entry": "{file}: nothing tells where to start: no main(), no if __name__ == \"__main__\": block, "
                       "no code at module level.",
}
