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

    # grader/sandbox/platform: the protections this system does not give (said once per report)
    "platform.missing": "This system has no {items}: the student's code runs without them "
                        "(a correct solution's score does not depend on it).",
    "platform.cpu_limit": "CPU time limit",
    "platform.memory_cap": "memory limit",
    "platform.file_size_cap": "file size limit",
    "platform.process_cap": "limit on the number of processes",
    "platform.no_new_privs": "ban on gaining privileges (no_new_privs)",
    "platform.orphans_caught": "reliable way to find processes that left the tree (fork + setsid)",
    "platform.job_object": "Windows Job Object",
}
