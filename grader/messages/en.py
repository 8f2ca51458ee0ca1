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
    'gradescope.state.missing': 'not submitted',
    'gradescope.state.not_started': 'not started',
    'gradescope.state.excluded': 'not checked (--only)',
    'gradescope.untaken.name': '{track}: track {state}',
    'gradescope.untaken.output': 'This track was not graded and is worth no points here: the better track counts (the {track} track is worth up to {max}).',
    'gradescope.nothing.name': 'Nothing to grade: no track was submitted',
    'gradescope.nothing.output': 'The submission holds no started module (tcp_server.py, tcp_client.py, udp_server.py, udp_client.py): fill in the TODOs and submit again.',
    'gradescope.module_missing.name': '{module}: file not submitted or not started',
    'gradescope.cap.name': 'The {track} track is worth at most {max} of 100',
    'gradescope.cap.output': 'The {track} track counts and is worth up to {max} points. Only the TCP track gives the rest.',
    'gradescope.fault.name': '⚠ grader fault: {name}',
    'gradescope.fault.output': '**The grader itself failed here: this is not your fault.** Ask your instructor to regrade the submission (Regrade Submission).',
    'gradescope.fault.banner': '⚠ Checks {numbers} did not run because the grader itself failed: this is not your fault. Ask your instructor to regrade the submission (Regrade Submission).',
    'gradescope.strict.name': '[strict tier, scored apart] {name}',
    'gradescope.not_counted.name': '[does not count: the {track} track counts] {name}',
    'gradescope.partial': 'Grading is still running or was cut short: this shows what was graded so far. If this line stays, ask your instructor to regrade the submission (Regrade Submission).',
    'gradescope.pending': 'this check has not run yet',
    'prairielearn.hint': 'Hint',
    'prairielearn.score': 'Final score: {score} of 100.',
    'prairielearn.fault': 'Checks {numbers} did not run because the grader itself failed: this is not your fault; submit again, the attempt does not count.',
    'classroom.no_results': 'results.json not found: the grader could not grade the submission (see the log of the step above)',
    'classroom.none_earned': 'no points yet',
    'classroom.none_missed': 'every point earned',
    'gradebook.roster.missing': '"{path}" does not exist: give the class list as a CSV (columns folder, name, id, email).',
    'gradebook.roster.unreadable': 'Could not read "{path}" ({error}): save the class list as a UTF-8 CSV.',
    'gradebook.roster.columns': '"{path}" has no columns {columns}: the first line of the class list must name the columns folder, name, id, email.',
    'gradebook.roster.no_folder': '"{path}", line {line}, has an empty folder column: write the student\'s folder (or .zip) name there.',
    'gradebook.roster.duplicate': '"{path}", line {line}, names the folder "{folder}" a second time: every student has a folder of their own.',
    'gradebook.roster.empty': '"{path}" lists no student: put one line per student under the line of column names.',
    'gradebook.roster.needed': '{option} needs --roster roster.csv: without the class list an LMS cannot match the rows to students.',
    'gradebook.status.no_submission': 'no submission',
    'gradebook.status.not_in_roster': 'not in the class list',
    'gradebook.strays': 'Folders the class list does not name (in the gradebook, not in the LMS files): {folders}',
    'gradebook.missing_count': 'Students without a submission: {count} (0 and the status "no submission" in the gradebooks).',
    'gradebook.written': '{kind}: {path}',
    'gradebook.failed': 'Could not write "{path}" ({error}): is it open in another program? Close it and run again.',
    'gradebook.feedback.score': 'Final score: {score} of 100 (TCP: {tcp} of 100, UDP: {udp} of 80).',
    'gradebook.feedback.failed': 'Failed: {checks}.',
    'overview.title': 'The class at a glance (graded submissions: {count})',
    'overview.distribution': "Grade distribution (percent of the track's maximum)",
    'overview.checks': 'Checks by pass rate, the hardest first',
    'overview.hints': "The checks' hints",
    'overview.col.check': 'Check',
    'overview.col.passed': 'Passed',
    'overview.col.failed': 'Failed',
    'overview.series.final': 'Final',
    'overview.series.tcp': 'TCP',
    'overview.series.udp': 'UDP',
    'overview.all_passed': 'Every check passed for everyone.',
    'overview.written': 'Class overview: {path}',
    'overview.png': 'Chart: {path}',
    'overview.no_png': "No PNG: it needs matplotlib (pip install 'chat-lab-kit[plot]').",
    'similarity.title': 'Similar pairs of submissions (pairs: {count})',
    'similarity.col.pair': 'Pair',
    'similarity.col.score': 'Shared code',
    'similarity.col.shares': 'Share of each',
    'similarity.legend': "Code the two submissions share is marked in yellow; the lecture's code, the skeletons and chatkit/protocol.py do not count.",
    'similarity.given': "Code everyone was given (the lecture's example, the skeletons lab/*.py, chatkit/protocol.py) is never a match. A high share is a reason to look, not a verdict.",
    'similarity.not_installed': "Comparing needs the copydetect library: install it with pip install 'chat-lab-kit[similarity]' and run again.",
    'similarity.no_folder': '"{path}" does not exist: give the folder that holds one folder or .zip per student.',
    'similarity.too_few': '"{path}" holds {count} submissions with .py files; comparing needs at least two (one folder or .zip per student).',
    'similarity.no_py': 'no .py files',
    'similarity.skipped': 'Not compared: {entries}',
    'similarity.html': 'Report: {path}',
    'similarity.json': 'Every pair: {path}',
    'similarity.write_failed': 'Could not write "{path}" ({error}): check that the folder exists and is writable.',
    # --- confine: what confined the student's code in this run (grader/confinement.py) ---
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
