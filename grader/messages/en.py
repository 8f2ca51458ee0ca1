"""English (--lang en). Keep the ids in step with ru.py."""

TEXT = {
    "confine.line": "Confinement of this run: network — {network}; files — {files}; user — {user}; limits — {limits}.",
    "confine.network.netns": "its own loopback only (a network namespace of its own)",
    "confine.network.ports": "TCP only to the grader's port (Landlock), UDP not confined",
    "confine.network.none": "shared with this computer",
    "confine.files.landlock": "writes only its copy, reads only Python and chatkit/ (Landlock)",
    "confine.files.none": "everything your user can reach",
    "confine.user.sandbox": "an unprivileged user",
    "confine.user.root": "root without capabilities",
    "confine.user.self": "your own user",
    "confine.limits.rlimits": "CPU, memory, file size",
    "confine.limits.none": "none",
    "confine.unknown": "Confinement of this run: not recorded (a result of an older grader).",
    "confine.warning": "The student's code ran with your user's rights: grade other people's work in a container or a virtual machine to be safe.",
}
