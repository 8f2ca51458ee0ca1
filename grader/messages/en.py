"""English (--lang en). Keep the ids in step with ru.py."""

TEXT = {
    # grader/sandbox/platform: the protections this system does not give (said once per report)
    "platform.missing": "This system has no {items}: the student's code runs without them "
                        "(a correct solution's score does not depend on it).",
    "platform.cpu_limit": "CPU time limit",
    "platform.memory_cap": "memory limit",
    "platform.file_size_cap": "file size limit",
    "platform.process_cap": "limit on the number of processes",
    "platform.no_new_privs": "ban on gaining privileges (no_new_privs)",
    "platform.orphans_caught": "reliable way to find processes that left the tree (fork + setsid)",
    "platform.uid_drop": "separate unprivileged user for the student's code",
    "platform.job_object": "Windows Job Object",
}
