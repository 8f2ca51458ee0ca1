"""English (--lang en). Keep the ids in step with ru.py."""

TEXT = {
    # --- cli: python -m grader and its --help (grader/__main__.py) ---------------------------------
    "cli.help.description": "Checks a multi-user chat submission (TCP up to 100 points, UDP up to 80).",
    "cli.help.epilog": "For the student:\n  python -m grader --step                             "
                       "step by step, up to the first step not met\n  python -m grader hint 1.6 "
                       "[FOLDER]                  the next hint for check 1.6\nFor the instructor "
                       "(every command has --help):\n  python -m grader handout DIR             "
                       "           the students' kit, without the reference\n  python -m grader "
                       "batch SUBMISSIONS --csv grades.csv   grade the whole class\n  python -m "
                       "grader gradescope-bundle OUT.zip            the Gradescope autograder\n "
                       " python -m grader demo [FOLDER] [--svg FILE]           a live chat for "
                       "the lecture\n  python -m grader bench [FOLDER] [--compare OTHER]     a server "
                       "under load\n  python -m grader rubric [--lang en] [--update FILE]   the "
                       "rubric as Markdown\n  python -m grader similarity SUBMISSIONS [--html FILE] "
                       "similar submissions (needs the similarity extra)\nExit status: 0 grading "
                       "ran (whatever the score), 1 the score is below --fail-under, 2 bad arguments, "
                       "3 the grader itself failed.",
    "cli.help.folder": "a submission folder or .zip (default lab/)",
    "cli.help.json": "write the result as Gradescope's results.json",
    "cli.help.lang": "the report's language (default ru)",
    "cli.help.strict": "add the strict tier (scored apart)",
    "cli.help.only": "check one track only",
    "cli.help.verbose": "show what went on in every check, not only the failed ones",
    "cli.help.fail_under": "exit status 1 when the score is below N",
    "cli.help.jobs": "how many checks to run in parallel (default 2)",
    "cli.rubric.no_file": "{path} does not exist: give the path of assignment.md.",

    # --- cli: the options added by issues 12 and 14 ------------------------------------------------
    "cli.help.role": "which file to take for the {part} (default: from its code)",
    "cli.part.tcp-server": "TCP server",
    "cli.part.tcp-client": "TCP client",
    "cli.part.udp-server": "UDP server",
    "cli.part.udp-client": "UDP client",
    "cli.help.hosted": "for hosted graders",
    "cli.help.visibility": "Gradescope: when the student sees the checks",
    "cli.help.stdout_visibility": "Gradescope: when the student sees stdout",
    "cli.help.strict_visibility": "Gradescope: when the student sees the strict tier's checks "
                                  "(after_published, say)",
    "cli.help.leaderboard": "Gradescope: a leaderboard from python -m grader bench --json",
    "cli.help.prairielearn": "write the result in PrairieLearn's format (results.json)",

    # --- engine: opening a submission, the rubric's Markdown (grader/engine/) ----------------------
    "submission.missing": '"{path}" does not exist: give a submission folder, e.g. python -m grader lab.',
    "submission.is_file": '"{path}" is a file: give the folder that holds tcp_server.py and the rest.',
    "submission.zip_broken": '"{path}" will not open ({error}): re-create it or unpack it by hand.',
    "rubric.head": "| # | File | Check | Points |",
    "rubric.total": "Total",
    "rubric.track.tcp": "TCP",
    "rubric.track.udp": "UDP",

    # --- report: the terminal report and results.json (grader/report/) -----------------------------
    "report.title": "Chat check",
    "report.folder": "Submission",
    "report.col_num": "#",
    "report.col_check": "Check",
    "report.col_points": "Points",
    "report.state.missing": "not submitted",
    "report.state.not_started": "not started",
    "report.state.excluded": "not checked (--only)",
    "report.track": "{track}: {score} of {max}",
    "report.final": "Final score: {score} of 100",
    "report.strict": "Strict tier (--strict): {score} of 100",
    "report.hint": "Hint",
    "report.output": "Output of {module}",
    "report.timeout": "the check timed out after {seconds} s",
    "report.grader_fault": "The grader itself failed here: this is not your fault. Tell your instructor.",
    "report.grader_incomplete": "the grader did not get to finish this check",
    "report.progress": "Checking",
    "report.time": "Time: {seconds} s",
    "report.all_passed": "Every check passed. Great work!",
    "report.nothing": "Nothing done yet: fill in the TODOs and run the grader again.",
    "report.kind.connect": "connects",
    "report.kind.send": "→ sends",
    "report.kind.recv": "← receives",
    "report.kind.expect-ok": "✓ got",
    "report.kind.expect-missing": "✗ never got",
    "report.kind.refute-ok": "✓ got nothing extra",
    "report.kind.refute-arrived": "✗ got unexpected",
    "report.kind.eof": "connection closed by the other side",
    "report.kind.close": "disconnects",
    "report.kind.print": "prints",
    "report.kind.type": "⌨ user types",
    "report.kind.ready": "listens on port",
    "report.kind.static-ok": "✓",
    "report.kind.static-missing": "✗",
    "report.kind.note": "",

    # --- chat: simulated users and scenarios (grader/chat/) ----------------------------------------
    "chat.connect_failed": "{name}: could not connect to the server ({error})",
    "chat.not_shown": "… and {count} more characters (not shown)",
    "chat.missing": '{name}: "{text}" did not arrive',
    "chat.missing.closed": " — the connection closed first",
    "chat.missing.timeout": " within {seconds:g} s",
    "chat.unexpected": '{name}: unexpected "{text}" arrived',
    "chat.send_failed": "{name}: sending failed ({error})",
    "chat.role.actor": "actor",
    "chat.role.user": "user",
    "chat.role.output": "what it prints",
    "chat.role.fake_server": "grader's server",
    "chat.actor.server": "server",
    "chat.actor.client": "client",
    "chat.actor.source": "source code",
    "chat.no_answer.crashed": "{name}: no answer — {crash}",
    "chat.no_answer.one_at_a_time": "{name}: the server did not answer within {seconds:g} s while {who} "
                                    "stayed connected: it seems to serve one user at a time",
    "chat.no_answer.one_at_a_time.hint": "handle each client in its own thread: accept() -> "
                                         "threading.Thread(...).start()",
    "chat.no_answer": "{name}: the server did not answer within {seconds:g} s",
    "chat.client.no_connect": "the client did not connect within {seconds:g} s: does main(host, port) "
                              "call connect((host, port))?",

    # --- checks: the static check and the skip reasons (grader/checks/, grader/engine/facts.py) ----
    "checks.syntax_hint": "fix the syntax error on that line",
    "facts.imports_socket": "imports socket",
    "facts.tcp_socket": "a TCP socket (SOCK_STREAM)",
    "facts.udp_socket": "a UDP socket (SOCK_DGRAM)",
    "facts.imports_threading": "imports threading",
    "facts.thread_per_accept": "a threading.Thread per accept()",
    "facts.receiving_thread": "receiving in a separate threading.Thread",
    "facts.forbidden": "uses {module}: the assignment requires socket and threading",
    "checks.skip.missing": "{module} is missing",
    "checks.skip.not_started": "{module}: not started (every function is a stub)",
    "checks.skip.did_not_start": 'not checked: {module} failed to start in "{check}"',
    "checks.skip.one_at_a_time": 'not checked: the server serves one user at a time (see "{check}")',

    # --- strict: the strict tier's reasons and notes (grader/checks/strict/) -----------------------
    "strict.glued": '{name}: "{text}" came glued to the previous message, without "{sender}: " in '
                    "front: the server relayed two lines as one message",
    "strict.reset": "resets the connection (RST)",
    "strict.quoted": '"{text}"',
    "strict.nothing": "nothing",
    "strict.line.no_newline": '"{line}" must be followed by a line break "⏎" (\\n), but {got} came',
    "strict.line.expected": 'expected the line "{line}", got {got}',
    "strict.line.extra": 'something extra came after the last line: "{extra}"',
    "strict.exit.done": "the client exited",
    "strict.exit.late": "the client did not exit within {seconds:g} s after {after}",
    "strict.exit.spins": "{late}: some loop spins ({used:.1f} s of CPU and {printed} bytes of output in "
                         '{waited:.1f} s; printing empty lines after recv() == b"", say)',
    "strict.exit.after_eof": "the input ended (Ctrl-D)",
    "strict.exit.after_close": "the server closed the connection",
    "strict.exit.waits_thread": "the server has closed the connection, yet some thread (not a daemon) "
                                "still waits",
    "strict.exit.waits_recv": 'it neither sent "/quit" nor closed the connection, so its receiving '
                              "thread probably still waits in recv()",
    "strict.exit.waits_input": "the input thread (not a daemon) probably still waits in input()",
    "strict.split.cut_off": "the server closed Аня's connection after only {received} of {total} pieces "
                            "of a message (the first piece is half of the letter «Р»)",
    "strict.split.piece": "piece {number} of {total}",
    "strict.long.closed": "the server closed Аня's connection",
    "strict.long.only": "only {size} bytes arrived within {seconds:g} s",
    "strict.long.missed": "Боря did not get Аня's {size}-byte line whole: {why}",
    "strict.stuck.never_reads": "never reads again",
    "strict.stuck.not_read": "the server stopped reading what Аня writes after {sent} MB: while Молчун "
                             "is not reading, the others' conversation stands still",
    "strict.stuck.sent": "{kb} KB of messages, {sent} MB in all",
    "strict.stuck.missing": "{sent} MB, {got} MB arrived",
    "strict.stuck.crashed": "the server died while Молчун was not reading: {crash}",
    "strict.stuck.wrong_user": "the server disconnected Боря, not Молчун who does not read",
    "strict.stuck.stands": "Аня sent {sent} MB, but within {seconds:g} s Боря got only {got} MB: while "
                           "Молчун is not reading, the others' conversation stands still",
    "strict.stuck.all": "everything sent, {sent} MB ({seconds:.2f} s)",
    "strict.reset.flood": "{sent} MB of messages",
    "strict.churn.crowd": "passers-by",
    "strict.churn.started": "{threads} threads join and leave nonstop",
    "strict.churn.done": "came and went {count} times",
    "strict.crowd.missed": "{name} missed {count} of {total} messages: from {who}",
    "strict.crowd.and_others": " and others",
    "strict.crowd.all": "all {count} messages",
    "strict.crowd.twice": '{name} got the message "Я {other}" {copies} times',
    "strict.restart.stopped": "stopped (kill)",
    "strict.restart.failed": "the server could not take port {port} again right after it was stopped: "
                             "{reason}",
    "strict.udp.second_address": "Аня (second address)",
    "strict.udp.cut": "only its beginning arrived, the end was cut off",
    "strict.udp.not_this": "{size} bytes arrived within {seconds:g} s, but not this datagram",
    "strict.udp.missed": "Боря did not get Аня's {size}-byte datagram whole: {why}",

    # --- sandbox: whom the student's code runs as, said once per report (grader/sandbox/) ----------
    "sandbox.user.dropped": "The submission's code runs as a separate user, {name}: it can neither "
                            "write the grader's files nor interfere with the grader.",
    "sandbox.user.not_root": "The submission's code runs with the rights of whoever started the grader: "
                             "a separate user is possible only when the grader runs as root.",
    "sandbox.user.no_users": "The submission's code runs with the rights of whoever started the grader: "
                             "this system has no user switching.",
    "sandbox.user.no_such_user": "The submission's code runs with the grader's own rights: there is no "
                                 'user "{name}" for it (CHATKIT_SANDBOX_USER).',
    "sandbox.user.python": "The submission's code runs with the grader's own rights: user {name} cannot "
                           "run {path} (for example, Python is installed in a private folder).",
    "sandbox.user.kit": "The submission's code runs with the grader's own rights: user {name} cannot "
                        "read the grader's folder {path} (closed to others).",
    "sandbox.user.copy": "The submission's code runs with the grader's own rights: user {name} cannot "
                         "enter the temporary folder {path}.",
    "sandbox.user.probe_failed": "The submission's code runs with the grader's own rights: a trial run "
                                 "as {name} failed.",
    "sandbox.exit": "the process exited (code {code})",
    "sandbox.start.syntax": "{module} has a syntax error: {error}",
    "sandbox.start.import": "{module} fails to import: {error}",
    "sandbox.start.no_main": "{module} has no main(host, port) function",
    "sandbox.start.how.exited": "main() called sys.exit()",
    "sandbox.start.how.raised": "main() crashed: {error}",
    "sandbox.start.how.returned_server": "main() returned without starting a server",
    "sandbox.start.how.returned_client": "main() returned at once",
    "sandbox.start.how.ended": "the process ended by itself (os._exit?)",
    "sandbox.start.client_exited": "the client exited (code {code}) before doing anything: {how}",
    "sandbox.start.server_exited": "the server exited (code {code}) without opening its port: {how}",
    "sandbox.start.import_hangs": "importing {module} did not finish in {seconds:.0f} s: top-level code "
                                  "hangs (an endless loop, accept() or input() outside functions?)",
    "sandbox.start.wrong_port": "the server listens on port {where}, not on {port} given to main(host, "
                                "port): use the port argument",
    "sandbox.start.crashed": "main() crashed before opening the port: {error}",
    "sandbox.start.spins": "port {port} did not open in {seconds:.0f} s while the process kept the CPU "
                           "busy: an endless loop?",
    "sandbox.start.no_listen": "port {port} did not open in {seconds:.0f} s: main() runs but never "
                               "bound and listened on the given address",

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
    # --- launch: how a module was started (grader/engine/shapes.py, grader/sandbox/launch.py) ---
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
    # --- confine (issue 18, child side): processes, unix sockets, limits per platform ---
    "confine.more": "Processes it starts — {processes}; unix sockets — {unix}.",
    "confine.processes.pidns": "die with it (a PID namespace of its own)",
    "confine.processes.sweep": "looked for and killed after each check (a fast enough fork chain may outrun that)",
    "confine.unix.seccomp": "refused (seccomp)",
    "confine.unix.none": "not confined",
    "confine.limits.rlimits_no_memory": "CPU, file size (no memory limit)",
    "confine.limits.job_object": "CPU, memory, processes (Job Object)",
    "confine.unknown": "Confinement of this run: not recorded (a result of an older grader).",
    "confine.warning": "The student's code ran with your user's rights: grade other people's work in a "
                       "container or a virtual machine to be safe.",

    # --- batch: python -m grader batch (grader/tools/batch.py) -------------------------------------
    "batch.status.graded": "graded",
    "batch.status.did_not_start": "did not start",
    "batch.status.not_opened": "did not open",
    "batch.status.grader_fault": "grader fault",
    "batch.col.student": "Student",
    "batch.col.final": "Final",
    "batch.col.strict": "Strict",
    "batch.col.seconds": "Time, s",
    "batch.col.failed": "Failed",
    "batch.progress": "Grading",
    "batch.cached": "cached",
    "batch.title": "Grading {count} submissions in {folder}",
    "batch.summary": "Submissions: {total}; graded cleanly: {clean}; did not open: {not_opened}; did "
                     "not start: {did_not_start}; grader fault: {fault}.",
    "batch.from_cache": "From the cache (files unchanged): {count}; --force grades them again.",
    "batch.fault_advice": "Rows with a grader fault are not the students' fault: run the batch again "
                          "(faults are never cached).",
    "batch.csv": "Gradebook: {path}",
    "batch.json": "results.json: {path}",
    "batch.feedback": "Feedback: {path}",
    "batch.done_line": "{student}: {score} ({seconds} s) {status}",
    "batch.no_folder": '"{path}" does not exist: give the folder that holds one folder or .zip per '
                       "student.",
    "batch.not_a_folder": '"{path}" is not a folder: give the folder that holds one folder or .zip per '
                          "student.",
    "batch.empty": '"{path}" holds no folders and no .zip files: put one per student there.',
    "batch.csv_failed": 'Could not write "{path}" ({error}): is it open in Excel? Close it and run again.',
    "batch.raised": "grading crashed: {error}",
    "batch.feedback_title": "Chat check: {student}",
    "batch.feedback_score": "Final score: **{score}** of 100 (TCP: {tcp} of 100, UDP: {udp} of 80).",
    "batch.feedback_not_graded": "The submission was not graded.",
    "batch.help.description": "Grade a folder of submissions into a gradebook.",
    "batch.help.epilog": "SUBMISSIONS holds one folder or .zip per student; its name is the student's "
                         "name.\nThe CSV is UTF-8 with a BOM (Excel reads Cyrillic). Columns:\n  "
                         "student, tcp, udp, score (the final score: the better track), strict (with "
                         "--strict only), seconds,\n  status (graded / did not open / did not start / "
                         "grader fault),\n  then one column per check (its rubric id) with the points "
                         "earned.\nA re-run takes unchanged submissions from the cache "
                         "(SUBMISSIONS/.chatkit-cache); --force grades everything again.\nExit status: "
                         "0 graded, 2 bad arguments, 3 some row has a grader fault.",
    "batch.help.submissions": "a folder with one folder or .zip per student",
    "batch.help.csv": "where to write the gradebook (CSV, UTF-8 with a BOM)",
    "batch.help.jobs": "how many submissions to grade at once (default 2; each takes about one core)",
    "batch.help.json_dir": "write each student's results.json: DIR/<student>.json",
    "batch.help.feedback_dir": "write each student's feedback: DIR/<student>.md and .html (the report "
                               "the terminal shows)",
    "batch.help.force": "grade again what the cache holds too",
    "batch.help.cache_dir": "where to keep the cache (default SUBMISSIONS/{name})",
    "batch.help.lang": "the language of reports and statuses (default ru)",
    "batch.help.strict": "add the strict tier (the strict column)",
    "batch.help.sep": 'the CSV separator: by default ";" with decimal commas (Excel with Russian '
                      'settings) for --lang ru and "," for --lang en; or tab',
    "batch.help.roles": "JSON: which file plays which part, {example}",
    "batch.help.lms": "gradebooks and the class overview",
    "batch.help.roster": "the class list (CSV: folder, name, id, email; other columns are kept)",
    "batch.help.canvas": "a gradebook for Canvas to import (needs --roster)",
    "batch.help.moodle": "a gradebook for Moodle to import: by email or ID number (needs --roster)",
    "batch.help.assignment": "the assignment's name in the LMS (default Chat)",
    "batch.help.assignment_id": 'Canvas: the assignment\'s id; the column becomes "NAME (ID)"',
    "batch.help.overview": "the class overview: the spread of scores and the hardest checks (and a PNG "
                           "beside it, with the plot extra)",

    # --- demo: python -m grader demo (grader/tools/demo.py) ----------------------------------------
    "demo.title": "Chat demo: {server} on {address}",
    "demo.server": "server",
    "demo.state.in_chat": "in the chat",
    "demo.state.left": "gone",
    "demo.state.waiting": "not here yet",
    "demo.not_arrived": '✗ never arrived: "{text}"',
    "demo.no_module": '"{folder}" has no tcp_server.py: the demo shows a TCP server.',
    "demo.failed": "The server did not start: {reason}",
    "demo.saved": "Picture saved: {path}",
    "demo.done": "Demo over: {messages} messages, {users} users.",
    "demo.bad_speed": "--speed must be above zero, e.g. --speed 2.",
    "demo.help.description": "A live chat demo for the lecture hall: a server and a few users who join, "
                             "chat and leave.",
    "demo.help.folder": "a folder (or .zip) with tcp_server.py; the reference solutions/ by default",
    "demo.help.svg": "save the last screen as an SVG picture",
    "demo.help.speed": "the pace of the show (2: twice as fast)",
    "demo.help.lang": "the captions' language (the chat is in Russian)",

    # --- bundle: python -m grader gradescope-bundle, classroom-result (grader/tools/bundle.py) -----
    "bundle.built": "Done: {path} ({count} files). Upload it to Gradescope: Configure Autograder → Zip "
                    "file upload.",
    "bundle.bad_out": '"{path}" must end in .zip, e.g. python -m grader gradescope-bundle '
                      "chat-autograder.zip.",
    "bundle.failed": 'Could not write "{path}" ({error}): check that the folder exists and is writable.',
    "bundle.help.description": "Build a Gradescope autograder zip: setup.sh installs the kit, "
                               "run_autograder grades /autograder/submission into "
                               "/autograder/results/results.json.",
    "bundle.help.out": "where to write the zip",
    "bundle.help.lang": "the language of the students' reports (default ru)",
    "bundle.help.strict": "grade the strict tier too (scored apart)",
    "bundle.help.visibility": "when the student sees the checks (default at once, visible)",
    "bundle.help.stdout_visibility": "when the student sees run_autograder's output (default: only the "
                                     "instructor)",
    "bundle.help.strict_visibility": "when the student sees the strict tier's checks, after_published say",
    "bundle.help.leaderboard": "a leaderboard: deliveries per second and p99 latency from a short bench "
                               "run",

    # --- bench: python -m grader bench (grader/tools/bench/) ---------------------------------------
    "bench.title": "Chat load benchmark",
    "bench.col.scenario": "scenario",
    "bench.col.rate": "deliveries\nper second",
    "bench.col.lost": "lost",
    "bench.col.dups": "dups",
    "bench.col.latency": "latency ms\np50/p99/max",
    "bench.col.rss": "memory\nMB",
    "bench.col.threads": "threads",
    "bench.col.outcome": "outcome",
    "bench.ratio": "ratio",
    "bench.ending.complete": "all delivered",
    "bench.ending.stalled": "stalled after {s:.2g} s",
    "bench.ending.timeout": "not done in {s:.0f} s",
    "bench.ending.closed": "all disconnected",
    "bench.ending.survivors": "the users left got everything",
    "bench.ending.quiet": "UDP loss",
    "bench.udp_where": "dropped at the server's buffer: {server}, at the users' buffers: {users} datagrams",
    "bench.dropped": "{n} disconnected by the server",
    "bench.stuck_dropped": "stuck user dropped",
    "bench.skipped": "skipped: {why}",
    "bench.failed_runs": "runs that failed: {n} ({why})",
    "bench.run_line": "{rate} deliveries/s, lost {lost} of {expected}, p99 {p99} ms, {rss} MB, "
                      "{threads} threads; {outcome}",
    "bench.no_module": "no {module}",
    "bench.error": "error: {why}",
    "bench.phase.joining": "joining",
    "bench.phase.syncing": "syncing",
    "bench.phase.sending": "messages",
    "bench.run": "run {k}/{n}",
    "bench.trust": "On a shared machine absolute figures are noisy: trust the ratios of runs taken side "
                   "by side, not the figures themselves.",
    "bench.medians": "Medians of {k} runs; ratio: the median of the ratios {a} / {b} of runs taken side "
                     "by side.",
    "bench.no_folder": '"{path}" does not exist: give a submission folder, e.g. python -m grader bench '
                       "solutions.",
    "bench.no_server": '"{path}" has no tcp_server.py: the benchmark runs a server, put it in the folder.',
    "bench.bad_number": "{option} must be between {low} and {high}.",
    "bench.join_failed": "user {name} could not join: {why}",
    "bench.no_prompt": "the server sent no name prompt within {s:.0f} s",
    "bench.no_welcome": "the server sent no welcome within {s:.0f} s",
    "bench.closed_early": "the server closed the connection",
    "bench.refused": "the server refused the connection ({error})",
    "bench.sync_failed": "not every user got a probe message within {s:.0f} s",
    "bench.no_threads": "the threads ran out of the sandbox's address space ({gib:g} GiB): each thread "
                        "reserves 8 MiB of stack; try --address-space 8",
    "bench.json_written": "All figures written to {path}",
    "bench.help.description": "Measures a chat server under load: deliveries per second, loss, latency, "
                              "memory and threads.",
    "bench.help.folder": "a folder with tcp_server.py (default lab/)",
    "bench.help.users": "how many users (default 100)",
    "bench.help.messages": "how many messages each sends (default 10)",
    "bench.help.size": "a message's size in bytes for fan-out, churn and udp (default 64)",
    "bench.help.scenario": "which scenarios to run: {names} (default all)",
    "bench.help.compare": "compare with other servers (one or more folders): runs taken in turn, and the ratios of FOLDER to each",
    "bench.help.runs": "how many runs of each scenario (default 3 with --compare, else 1)",
    "bench.help.json": "write every figure to JSON",
    "bench.help.idle": "a run is over when nothing arrives for {seconds:.0f} s (default)",
    "bench.help.window": "stuck-reader: how many rounds of messages in flight (default {window}; 0: all "
                         "at once, without waiting for readers)",
    "bench.help.address_space": "the server's address-space cap in GiB (default as in grading, {gib:g})",
    "bench.help.lang": "the report's language (default ru)",

    # --- roles: which file plays which part (grader/engine/roles.py) -------------------------------
    "roles.part.tcp_server": "TCP server",
    "roles.part.tcp_client": "TCP client",
    "roles.part.udp_server": "UDP server",
    "roles.part.udp_client": "UDP client",
    "roles.taken.kit": "{part}: {file}",
    "roles.taken.found": "{part}: {file} (recognised by its code)",
    "roles.taken.given": "{part}: {file} (chosen by the instructor)",
    "roles.ambiguous": "Several files could be the {part} ({files}): keep one, or name it, e.g. "
                       "--{option} {first}.",
    "roles.none": "No {part} found: no file looks like one from its code; add it or name the file: "
                  "--{option} FILE.",
    "roles.given_missing": '"{file}", given with --{option}, is not in the submission: check the file '
                           "name.",
    "roles.nothing": '"{path}" holds no chat module (a .py file that uses socket): it is not a '
                     "submission folder, give the one that holds your chat.",
    "roles.map_bad": 'The mapping file "{path}" cannot be read ({error}): it must be JSON such as '
                     '{{"*": {{"tcp-server": "server.py"}}, "ivanov": {{"tcp-client": "Client.py"}}}}.',

    # --- launch: how a module is started (grader/engine/shapes.py, remarks.py) ---------------------
    "launch.shape": "{file} was started as {label}",
    "launch.label.script": 'a program (its if __name__ == "__main__": block)',
    "launch.label.module": "a program (its module-level code)",
    "launch.binds_at_import": "{file} creates and binds its socket at import, outside any function: it "
                              "works, but the module cannot be started on another address; better move "
                              "it into main().",
    "launch.ignores_port": "{file} does not use the port it is given (it has its own: {port}); the "
                           "grader redirected it to its own port.",
    "launch.input_at_import": "{file} calls input() as it starts, and a server has no keyboard while "
                              "graded: remove the input (the grader supplies the address and port) or "
                              "ask only in the client.",
    "launch.missing_helper": "{file} imports {name}, but {name}.py is not in the submission: add it to "
                             "the folder.",
    "launch.missing_package": "{file} imports {name}, and only Python's standard library is available "
                              "while grading: do without that package.",
    "launch.exit_at_import": "{file} calls exit() as it starts and ends before doing anything: call "
                             "exit() only where the program is meant to end.",
    "launch.no_address": "{file} binds an address this machine does not have ({error}): use '0.0.0.0' "
                         "or the host it is given.",
    "launch.hint_not_started": "the module did not start, so the check itself never began: fix the "
                               "cause named above, and the module's other checks will run too",
    "launch.no_entry": '{file}: nothing tells where to start: no main(), no if __name__ == "__main__": '
                       "block, no code at module level.",

    # --- gradescope: results.json (grader/report/gradescope.py) ------------------------------------
    "gradescope.state.missing": "not submitted",
    "gradescope.state.not_started": "not started",
    "gradescope.state.excluded": "not checked (--only)",
    "gradescope.untaken.name": "{track}: track {state}",
    "gradescope.untaken.output": "This track was not graded and is worth no points here: the better "
                                 "track counts (the {track} track is worth up to {max}).",
    "gradescope.nothing.name": "Nothing to grade: no track was submitted",
    "gradescope.nothing.output": "The submission holds no started module (tcp_server.py, tcp_client.py, "
                                 "udp_server.py, udp_client.py): fill in the TODOs and submit again.",
    "gradescope.module_missing.name": "{module}: file not submitted or not started",
    "gradescope.cap.name": "The {track} track is worth at most {max} of 100",
    "gradescope.cap.output": "The {track} track counts and is worth up to {max} points. Only the TCP "
                             "track gives the rest.",
    "gradescope.fault.name": "⚠ grader fault: {name}",
    "gradescope.fault.output": "**The grader itself failed here: this is not your fault.** Ask your "
                               "instructor to regrade the submission (Regrade Submission).",
    "gradescope.fault.banner": "⚠ Checks {numbers} did not run because the grader itself failed: this "
                               "is not your fault. Ask your instructor to regrade the submission "
                               "(Regrade Submission).",
    "gradescope.strict.name": "[strict tier, scored apart] {name}",
    "gradescope.not_counted.name": "[does not count: the {track} track counts] {name}",
    "gradescope.partial": "Grading is still running or was cut short: this shows what was graded so "
                          "far. If this line stays, ask your instructor to regrade the submission "
                          "(Regrade Submission).",
    "gradescope.pending": "this check has not run yet",

    # --- prairielearn: grader/report/prairielearn.py -----------------------------------------------
    "prairielearn.hint": "Hint",
    "prairielearn.score": "Final score: {score} of 100.",
    "prairielearn.fault": "Checks {numbers} did not run because the grader itself failed: this is not "
                          "your fault; submit again, the attempt does not count.",

    # --- classroom: GitHub Classroom's result (grader/tools/bundle.py) -----------------------------
    "classroom.no_results": "results.json not found: the grader could not grade the submission (see the "
                            "log of the step above)",
    "classroom.none_earned": "no points yet",
    "classroom.none_missed": "every point earned",

    # --- gradebook: LMS gradebooks (grader/tools/gradebooks.py) ------------------------------------
    "gradebook.roster.missing": '"{path}" does not exist: give the class list as a CSV (columns folder, '
                                "name, id, email).",
    "gradebook.roster.unreadable": 'Could not read "{path}" ({error}): save the class list as a UTF-8 CSV.',
    "gradebook.roster.columns": '"{path}" has no columns {columns}: the first line of the class list '
                                "must name the columns folder, name, id, email, or give Canvas's or Moodle's "
                                "grades export (or a Moodle grading worksheet) as it is.",
    "gradebook.roster.no_folder": '"{path}", line {line}, has an empty folder column: write the '
                                  "student's folder (or .zip) name there.",
    "gradebook.roster.duplicate": '"{path}", line {line}, names the folder "{folder}" a second time: '
                                  "every student has a folder of their own.",
    "gradebook.roster.empty": '"{path}" lists no student: put one line per student under the line of '
                              "column names.",
    "gradebook.roster.needed": "{option} needs --roster roster.csv: without the class list an LMS "
                               "cannot match the rows to students.",
    "gradebook.status.no_submission": "no submission",
    "gradebook.status.not_in_roster": "not in the class list",
    "gradebook.strays": "Folders the class list does not name (in the gradebook, not in the LMS files): "
                        "{folders}",
    "gradebook.missing_count": 'Students without a submission: {count} (0 and the status "no '
                               'submission" in the gradebooks).',
    "gradebook.written": "{kind}: {path}",
    "gradebook.failed": 'Could not write "{path}" ({error}): is it open in another program? Close it '
                        "and run again.",
    "gradebook.feedback.score": "Final score: {score} of 100 (TCP: {tcp} of 100, UDP: {udp} of 80).",
    "gradebook.feedback.failed": "Failed: {checks}.",

    # --- overview: the class at a glance (grader/tools/overview.py) --------------------------------
    "overview.title": "The class at a glance (graded submissions: {count})",
    "overview.distribution": "Grade distribution (percent of the track's maximum)",
    "overview.checks": "Checks by pass rate, the hardest first",
    "overview.hints": "The checks' hints",
    "overview.col.check": "Check",
    "overview.col.passed": "Passed",
    "overview.col.failed": "Failed",
    "overview.series.final": "Final",
    "overview.series.tcp": "TCP",
    "overview.series.udp": "UDP",
    "overview.all_passed": "Every check passed for everyone.",
    "overview.written": "Class overview: {path}",
    "overview.png": "Chart: {path}",
    "overview.no_png": "No PNG: it needs matplotlib (pip install 'chat-lab-kit[plot]').",

    # --- similarity: python -m grader similarity (grader/tools/similarity.py) ----------------------
    "similarity.title": "Similar pairs of submissions (pairs: {count})",
    "similarity.col.pair": "Pair",
    "similarity.col.score": "Shared code",
    "similarity.col.shares": "Share of each",
    "similarity.legend": "Code the two submissions share is marked in yellow; the lecture's code, the "
                         "skeletons and chatkit/protocol.py do not count.",
    "similarity.given": "Code everyone was given (the lecture's example, the skeletons lab/*.py, "
                        "chatkit/protocol.py) is never a match. A high share is a reason to look, not a "
                        "verdict.",
    "similarity.not_installed": "Comparing needs the copydetect library: install it with pip install "
                                "'chat-lab-kit[similarity]' and run again.",
    "similarity.no_folder": '"{path}" does not exist: give the folder that holds one folder or .zip per '
                            "student.",
    "similarity.too_few": '"{path}" holds {count} submissions with .py files; comparing needs at least '
                          "two (one folder or .zip per student).",
    "similarity.no_py": "no .py files",
    "similarity.skipped": "Not compared: {entries}",
    "similarity.html": "Report: {path}",
    "similarity.json": "Every pair: {path}",
    "similarity.write_failed": 'Could not write "{path}" ({error}): check that the folder exists and is '
                               "writable.",
    "similarity.help.description": "Rank pairs of submissions by shared code (copydetect), leaving out "
                                   "the lecture's code and the skeletons.",
    "similarity.help.submissions": "a folder with one folder or .zip per student",
    "similarity.help.html": "a report: the pairs in descending order and a side-by-side page for each",
    "similarity.help.json": "every pair with its shares of shared code, descending",
    "similarity.help.top": "how many pairs to show in the terminal (10)",
    "similarity.help.lang": "the language (default ru)",

    # --- hints: graduated hints (grader/engine/hints.py, grader/report/hints.py) -----------------
    "hints.level": "Hint {level} of {levels} ({kind})",
    "hints.kind.1": "the idea",
    "hints.kind.2": "what to use",
    "hints.kind.3": "the shape of the code",
    "hints.more": "Next hint: python -m grader hint {number}",
    "hints.last": "That is the last hint for this check: from here, the report's transcript and "
                  "assignment.md help.",
    "hints.now_last": "That was the last hint for this check.",
    "hints.unknown": "There is no check \"{number}\": give a number from the report, such as 1.6.",
    "hints.help.description": "The next hint for a check: first the idea, then what to use, then the "
                              "shape of the code.",
    "hints.help.number": "the check's number in the report (1.6) or its id (tcp.server.broadcast_3)",
    "hints.help.folder": "the submission folder (default lab/)",
    "hints.help.lang": "the hint's language (default ru)",

    # --- step: python -m grader --step (grader/engine/steps.py, grader/report/steps.py) ----------
    "cli.help.step": "step by step: check the assignment's milestones in order and stop at the first one not met",
    "step.title": "Step by step",
    "step.line": "Step {number} of {count} ({track}): {title}",
    "step.goal": "Goal: {goal}",
    "step.all_passed": "Every step passed. The full report and the score: python -m grader",
    "step.again": "Fix it and run again: python -m grader --step",
    "step.progress": "step {number} ({track})",
    "step.tcp.1.title": "the server listens and asks for the name",
    "step.tcp.1.goal": "a socket-and-threading server accepts a connection and at once sends the prompt "
                       "\"Введите ваше имя: \" as a whole line",
    "step.tcp.2.title": "the welcome and the join notice",
    "step.tcp.2.goal": "the server answers a name with \"Добро пожаловать, Аня!\", and everyone already in "
                       "the chat gets \"Аня присоединился к чату.\"",
    "step.tcp.3.title": "relay without echo",
    "step.tcp.3.goal": "one user's message reaches every other user as \"Аня: text\" and never comes back to "
                       "the sender",
    "step.tcp.4.title": "ten users and a silent one",
    "step.tcp.4.goal": "a message reaches all ten users, and someone who connected and says nothing does not "
                       "keep the others from joining and talking",
    "step.tcp.5.title": "leaving",
    "step.tcp.5.goal": "when a user disconnects, the others get \"Аня покинул чат.\" and keep talking",
    "step.tcp.6.title": "the client",
    "step.tcp.6.goal": "tcp_client.py shows everything the server sends, sends every line typed and receives "
                       "in a thread of its own",
    "step.udp.1.title": "a UDP server",
    "step.udp.1.goal": "the server makes a SOCK_DGRAM socket, binds it to the port and waits for datagrams",
    "step.udp.2.title": "the welcome and the join notice",
    "step.udp.2.goal": "the server answers the first datagram from a new address (the name) with "
                       "\"Добро пожаловать, Аня!\", and the other known addresses get \"Аня присоединился к "
                       "чату.\"",
    "step.udp.3.title": "relay without echo",
    "step.udp.3.goal": "one user's datagram reaches every other user as \"Аня: text\" and never comes back to "
                       "the sender",
    "step.udp.4.title": "ten users",
    "step.udp.4.goal": "a message reaches all ten users: no address gets lost",
    "step.udp.5.title": "leaving",
    "step.udp.5.goal": "after the datagram \"/quit\" the others get \"Аня покинул чат.\" and keep talking, "
                       "and the leaver gets nothing more",
    "step.udp.6.title": "the client",
    "step.udp.6.goal": "udp_client.py asks for the name itself, sends it and every line typed as datagrams, "
                       "and receives in a thread of its own",

    # --- live: python -m grader demo --live (grader/tools/live.py) --------------------------------
    "demo.help.live": "a live chat for the whole room: the server on every interface and a dashboard (see demo --live --help)",
    "live.title": "The lecture's chat: {server}; connect to {address}",
    "live.how": "With your own client: python -m lab.tcp_client --host ADDRESS --port PORT (the address "
                "above). Ctrl+C ends the demo.",
    "live.col.number": "#",
    "live.col.name": "Name",
    "live.col.address": "From",
    "live.col.since": "Online",
    "live.col.messages": "Messages",
    "live.col.state": "State",
    "live.state.stuck": "stopped reading ({kb} KB waiting)",
    "live.state.naming": "typing a name",
    "live.state.chatting": "chatting",
    "live.stats": "Users: {users} · messages per second: {rate} · messages in all: {total} · "
                  "connections so far: {visitors}",
    "live.seconds": "{s} s",
    "live.lines": "The last messages",
    "live.no_lines": "nobody has written anything yet",
    "live.server_stopped": "The server stopped: {why}",
    "live.listening": "The demo listens on {address}",
    "live.done": "The demo is over: {visitors} connections, {total} messages; the server is stopped.",
    "live.port_taken": "Cannot listen on {host}:{port} ({error}): pick another port, such as --port 1222.",
    "live.bad_number": "--port must be from 0 to 65535, and --duration more than zero.",
    "live.help.description": "A live chat for the lecture: the reference server (or --server FOLDER) on "
                             "every interface and a dashboard: who is connected and from where, messages "
                             "per second, the last lines, who stopped reading. Ctrl+C ends it.",
    "live.help.server": "a folder (or .zip) whose tcp_server.py takes the reference's place",
    "live.help.host": "the address to listen on (default {host}: every interface)",
    "live.help.port": "the port (default {port})",
    "live.help.duration": "end after S seconds (default: at Ctrl+C)",
    "live.help.lang": "the dashboard's language (default ru)",

    # --- lenient: --lenient and --protocol (grader/chat/lenient.py) ------------------------------
    "lenient.wanted.any": "anything at all",
    "lenient.wanted.names": "a line with \"{name}\"",
    "lenient.wanted.carries": "\"{text}\" together with the name \"{name}\"",
    "lenient.report": "Lenient rules (--lenient): behaviour and names count, not the protocol's exact "
                      "words.",
    "lenient.report.protocol": "The course's protocol from {file}: the checks wait for its words.",
    "lenient.protocol.unreadable": "Could not read the protocol file \"{path}\" ({error}): check the "
                                   "path.",
    "lenient.protocol.not_toml": "The protocol file \"{path}\" is not TOML ({error}): write lines "
                                 "such as welcome = \"Welcome, {{name}}!\".",
    "lenient.protocol.unknown": "The protocol file \"{path}\" has unknown keys ({keys}): only {known} "
                                "are allowed.",
    "lenient.protocol.not_text": "In the protocol file \"{path}\", {field} must be a non-empty quoted "
                                 "string.",
    "lenient.protocol.placeholders": "In the protocol file \"{path}\", {field} must have exactly these "
                                     "placeholders: {wanted}.",
    "chat.client.asks_first": "the client did not connect within {seconds:g} s: it printed "
                                 "\"{shown}\" and waits for input before connecting",
    "chat.client.asks_first.hint": "the assignment's client connects first and the server asks for "
                                      "the name (\"Введите ваше имя: \"): call connect() before the "
                                      "first input()",
    "cli.help.lenient": "judge behaviour, not the protocol's exact words (for classes given only "
                        "the assignment's text)",
    "cli.help.protocol": "a TOML file with the course's protocol strings (prompt, welcome, joined, "
                         "left, chat_line, quit)",
    # --- intake: what the grader takes from a submission (grader/engine/intake.py; engineer trust) ---
    "intake.link": "Links (symlinks) are neither copied nor opened; grading goes on without them: {files}. "
                   "If a module needs such a file, put the file itself in the submission.",
    "intake.special": "These are not ordinary files (a device, a FIFO or a socket); grading goes on without "
                      "them: {files}.",
    "intake.bad_name": "The archive has names with \"..\" or an absolute path; they were skipped: {files}.",
    "intake.module_too_big": "A module bigger than {module_kb} KB is neither parsed nor graded: {files}. "
                             "Take the data or generated code out of it.",
    "intake.too_big": "Files bigger than {file_mb} MB are not copied: {files}.",
    "intake.over_budget": "The submission is over {max_mb} MB; grading goes on without these files: {files}.",
    "intake.too_many": "The submission has more than {max_files} files; grading goes on without these: "
                       "{files}. Keep only the chat's code in it.",
    "intake.unreadable": "These files could not be read; grading goes on without them: {files}.",
    "batch.row_file_failed": "The files of \"{student}\" in \"{path}\" were not written ({error}); the others were.",

    # --- bound (issue 19): run-out, Ctrl+C, unstable checks ---
    "report.run_out": "not checked: the whole grading's time ({seconds} s) went to the checks before this one",
    "cli.interrupted": "Grading interrupted (Ctrl+C): the submission's processes were stopped and the temporary folders removed.",
    "batch.interrupted": "Interrupted (Ctrl+C): {done} of {total} graded, their rows are written. To go on, "
                         "run the same command again: the finished rows come from the cache.",
    # --- platforms (issue 21): Windows and macOS as students have them ---------------------
    "report.kind.vanish": "vanishes without \"/quit\": closes its socket",
    "live.windows_firewall": "Windows: the first time, the firewall asks whether Python may use the "
                             "network, with only Private networks ticked. On the campus network (a "
                             "Public one) nobody can join until Public networks are ticked too: in that "
                             "prompt, or later in Windows Security → Firewall & network protection → "
                             "Allow an app through firewall → Python → Public.",
    "live.windows_cap": "Windows: select() watches at most 512 sockets, so this demo holds {cap} "
                        "people; it tells the next ones that the room is full.",
    "live.full": "The room is full: the demo already holds {cap} people. Try again later.",
    # --- wild: readings of submissions that keep the names elsewhere (grader/chat/lenient.py) ---
    "lenient.reading.relay": "{file} keeps no names and relays each line as it came (the clients keep "
                             "the names): with --lenient it is judged on the text it relays, and the "
                             "grader's users sign their own lines («Аня: …»).",
    "lenient.reading.relay.note": "the server relayed a newcomer's name as an ordinary line and welcomed "
                                  "nobody by name: from here on the users sign their own lines",
    "lenient.reading.relay.no_name": "the server takes no name: a user's first line reached the others as an "
                                     "ordinary message, and an unsigned line arrived without a name",
    "lenient.reading.client_names": "{file} asks for the name itself and never sends it alone (it is "
                                    "presumably on every line): with --lenient the client is judged on "
                                    "what it sends and shows.",
    "lenient.reading.client_names.note": "the client sent no name on its own: from here on each line it "
                                         "sends must carry the name",
    "checks.socket_error": "the connection to the program broke in the middle of the check ({error}): "
                           "this happens when the server closes the socket or dies while it is spoken to",

    # --- student: the student's loop (issue 23; grader/report/terminal.py, grader/tools/handout.py) -----
    "report.strict_probe.found": "The grade does not count it, but the strict tier finds faults in {file}: "
                                 "{numbers} ({what}). Details: python -m grader --strict (does not change "
                                 "the grade).",
    "report.strict_probe.what": "one recv() is not one message",
    "report.strict_hint": "The grade does not test robustness (lines instead of recv(1024), dropped "
                          "connections, load): python -m grader --strict does (it does not change the grade).",
    "checks.static_not_found": "not found: {item}",
    "report.folded": "… and {count} more lines like it (until {last})",
    "report.failed_list": "Not passed: {numbers} (details above, in the boxes with these numbers)",
    "handout.help.description": "Build the students' kit: skeletons, grader, assignment, a students' "
                                "README, without the reference solutions and the corpus.",
    "handout.help.folder": "where to write the kit (a new or empty folder)",
    "handout.help.lang": "the messages' language (default ru)",
    "handout.not_empty": "The folder {path} exists and is not empty: name a new or empty folder.",
    "handout.lab_started": "lab/ holds more than skeletons ({files}): restore them (git checkout lab/) "
                           "and build the kit again.",
    "handout.leaks": "The kit was not written: it holds lines of the reference ({where}); remove them "
                     "and build it again.",
    "handout.done": "The students' kit is in {path}, without the reference. Release the solutions "
                    "after the deadline: see README.md, \"Handing out the kit\".",
    "hints.no_number": "Give a check's number from the report, for example: python -m grader hint 1.6",
    "chat.no_answer.one_at_a_time.has_threads": "you do start a thread per client, yet the next accept() "
                                                "still waits: find what in the accept() loop (or under a "
                                                "shared lock) waits for a client",
    "strict.churn.name_kept": "{name} left long ago, yet a new user with that name did not get "
                              "\"Добро пожаловать, {name}!\": the server still counts the departed user "
                              "in, and such entries (with their sockets) pile up with every leave",
    "strict.churn.name_kept.hint": "a user who left must leave clients too, even when you caught the "
                                   "error of sending to them: where is a client removed from the dict, "
                                   "and does every way out of the loop get there?",
    # --- lms: the LMSs' own files in and out (grader/tools/lms.py, gradebooks.py; issue 24) --------
    "lms.bulk": "{kind}: a bulk download of submissions, students: {count} (late: {late}).",
    "gradebook.canvas.kept": "In the Canvas file these students keep the grade they had (there is no "
                             "score: their grading raised, run the batch again): {students}.",
    "gradebook.moodle.nameless": "Left out of the Moodle file, students with an empty \"{column}\" (Moodle "
                                 "would give their grade to the line above): {students}.",
    "gradebook.moodle.map": "Moodle: in the import form, identify users by the column \"{column}\".",
    "gradebook.moodle.unknown": "Left out of the Moodle file, students with no score (an empty cell "
                                "would clear their grade in Moodle): {students}; run the batch again.",
    "gradebook.moodle.email_case": "Moodle compares e-mails letter case and all, and these have capitals: "
                                   "{emails}; check them against Moodle or match by ID number.",
    "gradebook.ambiguous": "The class list cannot tell these students apart (the same name or number), "
                           "so their submissions were not matched, lest one get another's grade: "
                           "{students}.",
    "gradebook.rerun": "Grading these submissions failed in the grader: the gradebooks hold the points "
                       "earned before the fault; run the batch again to grade them whole: {students}.",
    "batch.csv_sep": ",",
    "batch.feedback_protocol": "The chat's Russian phrases (\"{prompt}\", \"{joined}\") "
                               "are the protocol's words from the assignment: the program writes and "
                               "checks them as they are.",
    "overview.axis.points": "points, % of the track's maximum",
    "overview.axis.students": "students",
    "overview.axis.passed": "passed the check, %",
    "overview.axis.check": "check",
    "roles.chosen": "Several files could be the {part}: {file} was graded, as it does more of that "
                    "part's work than {others}. If another one is meant, keep one in the submission or "
                    "name it: --{option} FILE.",
    "batch.duplicate": "Handed in twice ({entries}): the gradebook has two rows ({rows}), the class "
                       "overview counts the student once, with the better score; keep one of the two.",
    "bench.help.plot": "draw the comparison (deliveries per second) as a PNG; needs matplotlib: pip "
                       "install 'chat-lab-kit[plot]'",
    "bench.chart.title": "Deliveries per second (medians)",
    "bench.chart.axis": "deliveries per second (log scale)",
    "bench.plot_written": "Picture: {path}",
    "bench.no_plot": "No PNG drawn: matplotlib is not installed (pip install 'chat-lab-kit[plot]'); the "
                     "chart is above.",
    "lms.too_big": "These students' files add up to more than {mb} MB: what is over was left out, "
                   "check their submissions by hand: {entries}.",
    # Moodle's column names on an English site (its export and grading worksheet)
    "lms.moodle.first_name": "First name",
    "lms.moodle.last_name": "Last name",
    "lms.moodle.id_number": "ID number",
    "lms.moodle.email_address": "Email address",
    "lms.moodle.identifier": "Identifier",
    "lms.moodle.full_name": "Full name",
    "lms.moodle.grade": "Grade",
    "lms.moodle.feedback_comments": "Feedback comments",
    "lms.late": "handed in late (as the LMS says)",
    "batch.roles_hint": "In a batch, choose the file with --roles FILE, e.g. {example}.",
    # --- check: each check's line and its hint in three levels (idea, api, shape), named by its
    # record in grader/engine/rubric.py (layers) ---------------------------------------------
    "check.tcp.server.static":
        "the server uses socket (SOCK_STREAM) and threading, one thread per client",
    "check.tcp.server.static.idea":
        "a TCP chat is one listening socket and a thread per person: while one thread waits for "
        "its client's line, the others keep working",
    "check.tcp.server.static.api":
        "you need socket.socket(socket.AF_INET, socket.SOCK_STREAM), bind(), listen(), accept() "
        "and threading.Thread(target=..., args=...).start()",
    "check.tcp.server.static.shape":
        "in main(): socket, bind, listen, then a loop: accept() gives (socket, address); hand them "
        "to a thread running handle_client and go straight back to accept()",
    "check.tcp.server.prompt": "the server asks for a name",
    "check.tcp.server.prompt.idea":
        "the server speaks first: as soon as a client connects it must see the prompt for a name, "
        "as a whole line",
    "check.tcp.server.prompt.api":
        "send encode_line(PROMPT) from chatkit.protocol with sendall(): the words are right and "
        "the \"\\n\" is there",
    "check.tcp.server.prompt.shape":
        "the first thing handle_client does is send the prompt; only then does it wait for the name",
    "check.tcp.server.welcome": "the server welcomes a new user by name",
    "check.tcp.server.welcome.idea":
        "a client's first line is its name, and the answer, to that client only, is a welcome by "
        "name",
    "check.tcp.server.welcome.api":
        "read the first line, decode_message(), clean_name(), then "
        "sendall(encode_line(welcome(name)))",
    "check.tcp.server.welcome.shape":
        "after the prompt: line -> decode_message -> clean_name(text, clients.values()) -> store "
        "in clients -> welcome(name) to this client",
    "check.tcp.server.concurrent":
        "a user who connected but has not typed a name does not block the others",
    "check.tcp.server.concurrent.idea":
        "while the server waits for one client's name, others must still get in: waiting for a "
        "name is the client's thread's job, not the accept loop's",
    "check.tcp.server.concurrent.api":
        "read nothing and wait for nothing in the accept() loop: straight away "
        "threading.Thread(target=handle_client, args=(client_socket, address), daemon=True).start()",
    "check.tcp.server.concurrent.shape":
        "main's loop: accept(), start a thread, accept() again; the prompt, the name and the "
        "messages all live inside handle_client",
    "check.tcp.server.join_notice": "the others learn that a user joined, the user does not",
    "check.tcp.server.join_notice.idea":
        "everyone already in the chat learns about the newcomer, but not the newcomer: they get "
        "the welcome",
    "check.tcp.server.join_notice.api":
        "joined(name) from chatkit.protocol and your mailing(message, sender_socket), which skips "
        "sender_socket",
    "check.tcp.server.join_notice.shape":
        "right after storing the client: welcome to the newcomer, mailing(joined(name), their "
        "socket) to the rest",
    "check.tcp.server.broadcast_3": "a message reaches every other user (3 users)",
    "check.tcp.server.broadcast_3.idea":
        "the server is a postman: each line from one user goes to every other user, signed with "
        "the sender's name",
    "check.tcp.server.broadcast_3.api":
        "after the name, read lines in a loop; each goes out through mailing(chat_line(username, "
        "text), client_socket), and mailing walks clients under chat_lock",
    "check.tcp.server.broadcast_3.shape":
        "handle_client: a loop \"line -> decode_message -> not empty? -> mailing\"; mailing: to "
        "every socket in clients but the sender, sendall(encode_line(message))",
    "check.tcp.server.broadcast_10": "a message reaches every other user (10 users)",
    "check.tcp.server.broadcast_10.idea":
        "works with three, not with ten? then someone gets lost: a client never stored, "
        "overwritten by another, or a broadcast that stops at one of them",
    "check.tcp.server.broadcast_10.api":
        "key clients by the client's socket (each has its own), not by the name; catch a send "
        "error to one recipient with try/except OSError inside the loop",
    "check.tcp.server.broadcast_10.shape":
        "in mailing: one sendall() attempt per recipient, and except OSError moves on to the next "
        "one instead of leaving the loop (no break, no return)",
    "check.tcp.server.no_echo": "the sender does not get its own message back",
    "check.tcp.server.no_echo.idea":
        "the sender already sees their line on screen: sent back by the server it appears twice",
    "check.tcp.server.no_echo.api":
        "mailing(message, sender_socket) is given the sender's socket precisely to skip it",
    "check.tcp.server.no_echo.shape":
        "in the broadcast loop: the sender's socket -> continue; and pass mailing the socket of "
        "whoever wrote the text",
    "check.tcp.server.leave_notice": "when a user leaves, the others get \"{{name}} покинул чат.\"",
    "check.tcp.server.leave_notice.idea":
        "a client leaves in three ways: it sends \"/quit\", it closes the connection (recv() "
        "returned b\"\"), or the connection breaks (OSError); each is a leave the others hear about",
    "check.tcp.server.leave_notice.api":
        "compare the text with QUIT; an empty recv() or readline() is the end of the stream; "
        "ConnectionResetError is an OSError; the notice is left(name) through mailing",
    "check.tcp.server.leave_notice.shape":
        "wrap the reading loop in try/finally: in finally, remove from clients, left(username) to "
        "the others, close the socket; then leaving is handled in one place",
    "check.tcp.server.after_leave": "after one user leaves, the others keep chatting both ways",
    "check.tcp.server.after_leave.idea":
        "once a user has left no dead socket may stay in the dict, and a send to a dead socket "
        "must not cut the broadcast to the others short",
    "check.tcp.server.after_leave.api":
        "clients.pop(client_socket, None) under chat_lock removes exactly once; in mailing catch "
        "OSError per recipient",
    "check.tcp.server.after_leave.shape":
        "leaving: pop from clients under chat_lock, then left(name) to the others; in mailing the "
        "try/except goes around one send, not the whole loop; never change the dict while walking "
        "it",
    "check.tcp.client.static":
        "the client uses socket (SOCK_STREAM) and receives in a separate thread",
    "check.tcp.client.static.idea":
        "a client waits for two things at once, the user's typing and the server's messages; one "
        "thread cannot wait for both, so a second one is needed",
    "check.tcp.client.static.api":
        "socket.socket(socket.AF_INET, socket.SOCK_STREAM), connect((host, port)) and "
        "threading.Thread(target=receive_message, args=(sock,), daemon=True).start()",
    "check.tcp.client.static.shape":
        "main(): connect; a thread for receive_message (receive and print); the main thread runs "
        "send_message (input() and sendall())",
    "check.tcp.client.shows": "the client shows what the server sends",
    "check.tcp.client.shows.idea":
        "everything the server sends (the prompt, the welcome, the others' messages) must show on "
        "the user's screen",
    "check.tcp.client.shows.api":
        "in the receiving thread: recv() and print() the decoded text (decode(\"utf-8\")), not the "
        "bytes b'...'",
    "check.tcp.client.shows.shape":
        "receive_message: a loop \"recv -> b\"\"? stop -> decode -> print(..., flush=True)\"",
    "check.tcp.client.sends": "the client sends every line the user types",
    "check.tcp.client.sends.idea":
        "every line the user types is a message to the server; the first one is the name",
    "check.tcp.client.sends.api":
        "input() in a loop and sendall(encode_line(text)): the server expects lines ending in "
        "\"\\n\"",
    "check.tcp.client.sends.shape":
        "send_message: a loop \"input() -> sendall(encode_line(text))\", ending after QUIT or "
        "EOFError",
    "check.tcp.client.receives_idle":
        "the client prints a message that arrives while the user is not typing",
    "check.tcp.client.receives_idle.idea":
        "a message may arrive while the user types nothing; if receiving happens only after "
        "input(), it waits until the user presses Enter",
    "check.tcp.client.receives_idle.api":
        "receive in a threading.Thread of its own that always waits in recv(), whatever input() "
        "does in the main thread",
    "check.tcp.client.receives_idle.shape":
        "start the receiving thread before the input loop, not inside it: start() first, then "
        "send_message()",
    "check.udp.server.static": "the server uses socket (SOCK_DGRAM)",
    "check.udp.server.static.idea":
        "UDP has no connections: one socket takes datagrams from everyone and answers each at its "
        "address",
    "check.udp.server.static.api":
        "socket.socket(socket.AF_INET, socket.SOCK_DGRAM), bind((host, port)), recvfrom() and "
        "sendto()",
    "check.udp.server.static.shape":
        "main(): a SOCK_DGRAM socket, bind, then a loop: recvfrom() gives (data, address) -> work "
        "out what it is -> sendto(answer, address)",
    "check.udp.server.welcome": "the server welcomes a new user by name",
    "check.udp.server.welcome.idea":
        "the server knows a user by the sender's address: the first datagram from a new address is "
        "the name",
    "check.udp.server.welcome.api":
        "recvfrom() returns (data, address); a clients dict address -> name; the answer is "
        "sendto() of welcome(name) to that address",
    "check.udp.server.welcome.shape":
        "address not in clients? then it is a name: clean_name(text, clients.values()), store "
        "clients[address] and send the welcome to that address",
    "check.udp.server.join_notice": "the others learn that a user joined, the user does not",
    "check.udp.server.join_notice.idea":
        "every known address but the newcomer's learns about the newcomer: they get the welcome",
    "check.udp.server.join_notice.api":
        "joined(name) and sendto() to every address in clients but the new one",
    "check.udp.server.join_notice.shape":
        "after storing the new address: for every other address in clients, sendto(joined(name))",
    "check.udp.server.broadcast_3": "a message reaches every other user (3 users)",
    "check.udp.server.broadcast_3.idea":
        "a datagram from a known address is a message: the server passes it to all the others, "
        "signed with the name",
    "check.udp.server.broadcast_3.api":
        "the sender's name is clients[address]; the text is chat_line(name, text); sending is "
        "sendto() to every other address",
    "check.udp.server.broadcast_3.shape":
        "the \"known address\" branch: name = clients[address], then for every other address "
        "sendto(chat_line(name, text).encode(\"utf-8\"), other)",
    "check.udp.server.broadcast_10": "a message reaches every other user (10 users)",
    "check.udp.server.broadcast_10.idea":
        "works with three, not with ten? then someone gets lost: an address never stored, "
        "overwritten, or a broadcast that stops early",
    "check.udp.server.broadcast_10.api":
        "the key is the whole address, (ip, port): users on one machine share the ip and differ in "
        "the port",
    "check.udp.server.broadcast_10.shape":
        "clients[address] = name, with address exactly what recvfrom() returned; the broadcast "
        "goes over every key of clients, with no break",
    "check.udp.server.no_echo": "the sender does not get its own message back",
    "check.udp.server.no_echo.idea":
        "the sender sees their message already; sent back by the server it appears twice",
    "check.udp.server.no_echo.api":
        "you have the sender's address: it is the second thing recvfrom() returned",
    "check.udp.server.no_echo.shape":
        "in the broadcast loop: an address equal to the sender's -> continue",
    "check.udp.server.leave_notice": "after \"/quit\" the others get \"{{name}} покинул чат.\"",
    "check.udp.server.leave_notice.idea":
        "UDP has no end of connection: a client says it leaves itself, with the datagram \"/quit\"",
    "check.udp.server.leave_notice.api":
        "compare decode_message(data) with QUIT; clients.pop(address, None) gives the leaver's "
        "name; the others get left(name)",
    "check.udp.server.leave_notice.shape":
        "QUIT from a known address: take the name with pop, then sendto(left(name)) to everyone "
        "left",
    "check.udp.server.after_leave":
        "after one user leaves, the others keep chatting and the departed user gets nothing more",
    "check.udp.server.after_leave.idea":
        "the departed address must leave the dict, or messages keep going to it",
    "check.udp.server.after_leave.api":
        "clients.pop(address, None) removes the address exactly once and never raises KeyError",
    "check.udp.server.after_leave.shape":
        "pop from clients first, then send left(name): so the leaver gets neither its own notice "
        "nor any later message",
    "check.udp.server.vanished_user":
        "a user vanishes without \"/quit\" (closed the program): the server does not stop and "
        "keeps relaying to the others",
    "check.udp.server.vanished_user.idea":
        "a user may vanish without saying goodbye: the server still sends to their address, where "
        "nobody listens any more",
    "check.udp.server.vanished_user.api":
        "on Windows, after such a send the next recvfrom() raises ConnectionResetError: news about "
        "an earlier datagram, not a reason to stop the server",
    "check.udp.server.vanished_user.shape":
        "recvfrom() in the loop inside try: except ConnectionResetError: continue; each sendto() "
        "to one address inside try: except OSError",
    "check.udp.client.static":
        "the client uses socket (SOCK_DGRAM) and receives in a separate thread",
    "check.udp.client.static.idea":
        "a client waits for two things at once, typing and the server's datagrams; one thread "
        "cannot",
    "check.udp.client.static.api":
        "socket.socket(socket.AF_INET, socket.SOCK_DGRAM) and a threading.Thread that receives "
        "(recvfrom() in a loop)",
    "check.udp.client.static.shape":
        "main(): the socket; ask the name and send it; a thread with receive_message; the input "
        "loop in the main thread",
    "check.udp.client.shows": "the client asks for a name, sends it and shows the server's answer",
    "check.udp.client.shows.idea":
        "over UDP the server does not ask for the name: the client asks, sends it to the server "
        "and shows the answer",
    "check.udp.client.shows.api":
        "input(PROMPT), sendto(name.encode(\"utf-8\"), (host, port)), recvfrom() and print() the "
        "answer as text",
    "check.udp.client.shows.shape":
        "first the name and sendto(), then the receiving thread, which prints everything that "
        "arrives, the welcome included",
    "check.udp.client.sends": "the client sends every typed line as a datagram",
    "check.udp.client.sends.idea": "every typed line is a datagram of its own to the server",
    "check.udp.client.sends.api":
        "input() in a loop and sendto(text.encode(\"utf-8\"), (host, port))",
    "check.udp.client.sends.shape":
        "send_message: a loop \"input() -> sendto()\", ending after QUIT or EOFError",
    "check.udp.client.receives_idle":
        "the client prints a message that arrives while the user is not typing",
    "check.udp.client.receives_idle.idea":
        "a datagram may arrive while the user types nothing; if receiving happens only after "
        "input(), it waits for Enter",
    "check.udp.client.receives_idle.api":
        "receive in a threading.Thread of its own that always waits in recvfrom()",
    "check.udp.client.receives_idle.shape":
        "start the receiving thread before the input loop, not inside it",
    "check.tcp.server.exact_lines":
        "every server message is exactly one line ending in \"\\n\", and the name is stripped",
    "check.tcp.server.exact_lines.idea":
        "every server message is exactly one line: the text and \"\\n\", no extra blank lines; the "
        "name has no surrounding spaces",
    "check.tcp.server.exact_lines.api":
        "encode_line(text) adds the \"\\n\"; clean_name() or strip() removes the spaces",
    "check.tcp.server.exact_lines.shape":
        "everything sent to a client goes through encode_line() exactly once; the name comes only "
        "from clean_name(decode_message(raw), ...)",
    "check.tcp.server.two_in_one":
        "two messages that arrive in one TCP segment go out as two messages",
    "check.tcp.server.two_in_one.idea":
        "TCP carries a stream of bytes, not messages: two lines from a client can arrive in one "
        "recv()",
    "check.tcp.server.two_in_one.api":
        "client_socket.makefile(\"rb\").readline() gives one line at a time; or split what arrives "
        "at b\"\\n\" yourself",
    "check.tcp.server.two_in_one.shape":
        "a buffer of your own: append each recv(); while it holds b\"\\n\", cut a line off and "
        "handle it; keep the rest for the next recv()",
    "check.tcp.server.split_message":
        "a message that arrives in pieces, over several segments, goes out whole",
    "check.tcp.server.split_message.idea":
        "one line can arrive in pieces, over several recv() calls: a message is everything up to "
        "\"\\n\", not what one recv() returned",
    "check.tcp.server.split_message.api":
        "makefile(\"rb\").readline() waits for the \"\\n\" itself; for a buffer of your own there "
        "is bytes.partition(b\"\\n\")",
    "check.tcp.server.split_message.shape":
        "collect the bytes; handle only the pieces a b\"\\n\" has followed; a tail without one "
        "waits for the next recv()",
    "check.tcp.server.long_line":
        "a 3,000-byte Cyrillic line arrives whole, even with a letter across the 1,024-byte "
        "boundary",
    "check.tcp.server.long_line.idea":
        "a Cyrillic letter is two bytes in UTF-8; a recv(1024) boundary can fall inside a letter, "
        "and decode() of such a piece fails",
    "check.tcp.server.long_line.api":
        "decode only whole lines, after the b\"\\n\"; makefile(\"rb\").readline() returns a whole "
        "line of bytes",
    "check.tcp.server.long_line.shape":
        "first the bytes up to b\"\\n\" (readline() or your buffer), then decode_message(line): "
        "one line, one decode",
    "check.tcp.server.stuck_reader":
        "a user who never reads does not stop the others' conversation",
    "check.tcp.server.stuck_reader.idea":
        "for a user who stopped reading the kernel's buffers fill up, and sendall() to them waits "
        "forever, and so does the thread that was broadcasting, and everyone waiting for chat_lock",
    "check.tcp.server.stuck_reader.api":
        "give each client an outgoing queue (queue.SimpleQueue) and a writer thread of its own; "
        "put() into a queue never waits",
    "check.tcp.server.stuck_reader.shape":
        "mailing puts the data in each recipient's queue; each writer loops taking from its queue "
        "and calling sendall(); disconnect with shutdown() a user whose queue grows hopelessly",
    "check.tcp.server.abrupt_disconnect":
        "a connection reset (RST) during a broadcast does not bring the server down, and the "
        "others hear the user left",
    "check.tcp.server.abrupt_disconnect.idea":
        "a connection can break at any moment (RST): then recv() and send() raise instead of "
        "returning b\"\"",
    "check.tcp.server.abrupt_disconnect.api":
        "ConnectionResetError and BrokenPipeError are OSErrors: except OSError; remove with "
        "clients.pop(sock, None)",
    "check.tcp.server.abrupt_disconnect.shape":
        "read the client inside try/except OSError/finally with the leave in finally; in the "
        "broadcast, one attempt per recipient",
    "check.tcp.server.churn":
        "users come and go while messages flow: no message is lost and the server stays up",
    "check.tcp.server.churn.idea":
        "while one thread walks the clients dict another adds or removes, and Python raises "
        "\"dictionary changed size during iteration\"",
    "check.tcp.server.churn.api":
        "every read and change of clients inside with chat_lock:, or walk a copy, list(clients)",
    "check.tcp.server.churn.shape":
        "joining, leaving and broadcasting each under one and the same chat_lock",
    "check.tcp.server.fifty_users": "50 users at once: every message reaches everyone exactly once",
    "check.tcp.server.fifty_users.idea":
        "50 users at once: the connection queue, the dict and the broadcast must hold them all, "
        "one delivery each",
    "check.tcp.server.fifty_users.api":
        "listen(128) instead of listen(1): that is how many connections the kernel queues while "
        "the server is busy",
    "check.tcp.server.fifty_users.shape":
        "listen(128); accept() -> a thread; the broadcast: one pass over clients under chat_lock, "
        "one send each",
    "check.tcp.server.restart": "a stopped server can be started again on the same port right away",
    "check.tcp.server.restart.idea":
        "after the server stops its port stays in TIME_WAIT for about a minute, and a new bind() "
        "on it fails",
    "check.tcp.server.restart.api":
        "the SO_REUSEADDR option: setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1) before "
        "bind() (not on Windows)",
    "check.tcp.server.restart.shape":
        "create the socket -> unless on Windows, setsockopt(SO_REUSEADDR) -> bind() -> listen()",
    "check.tcp.client.exits_at_eof":
        "the client exits at the end of input (Ctrl-D), without spinning",
    "check.tcp.client.exits_at_eof.idea":
        "the end of input (Ctrl-D) means the user leaves: the client must tell the server and end, "
        "not spin",
    "check.tcp.client.exits_at_eof.api":
        "input() raises EOFError; send QUIT (or shutdown(socket.SHUT_WR)) and let the receiving "
        "thread read up to b\"\"",
    "check.tcp.client.exits_at_eof.shape":
        "except EOFError: send QUIT and leave the input loop; main() waits for the receiving to "
        "end and returns",
    "check.tcp.client.exits_when_server_closes":
        "the client exits when the server closes the connection, without spinning",
    "check.tcp.client.exits_when_server_closes.idea":
        "the server closed the connection and there is nobody left to talk to: the program must "
        "end, even while another thread waits in input()",
    "check.tcp.client.exits_when_server_closes.api":
        "recv() returned b\"\": that is the end; daemon=True threads do not keep the process "
        "alive; a threading.Event tells main() it is time",
    "check.tcp.client.exits_when_server_closes.shape":
        "the receiver sets the event at b\"\"; input runs in a daemon thread; main() starts both "
        "threads and waits for the event",
    "check.udp.server.unknown_sender":
        "a datagram from an unknown address (even \"/quit\" before joining) neither crashes the "
        "server nor passes for someone else's message",
    "check.udp.server.unknown_sender.idea":
        "over UDP anyone may send a datagram, an address the server does not know yet included, "
        "even \"/quit\" first",
    "check.udp.server.unknown_sender.api":
        "clients.get(address) and clients.pop(address, None) never raise KeyError; \"/quit\" from "
        "an unknown address is someone leaving who never joined: tell nobody",
    "check.udp.server.unknown_sender.shape":
        "first \"is the address known?\": no, then skip \"/quit\", anything else is a name; yes, "
        "then \"/quit\" or an ordinary message",
    "check.udp.server.repeated_join":
        "a repeated join: the same name from a new address gets a number (\"Аня2\"); from the same "
        "address it is an ordinary message",
    "check.udp.server.repeated_join.idea":
        "an address makes a user, not a name: the same name from a new address is a new user, from "
        "the same address just a message",
    "check.udp.server.repeated_join.api":
        "an address -> name dict; clean_name(text, set(clients.values())) gives \"Аня2\" when "
        "\"Аня\" is taken",
    "check.udp.server.repeated_join.shape":
        "address already in clients: a message; otherwise a name through clean_name(...) stored as "
        "clients[address]",
    "check.udp.server.big_datagram":
        "a datagram over 1,024 bytes (3,000 bytes of Cyrillic) is relayed whole",
    "check.udp.server.big_datagram.idea":
        "recvfrom(n) returns at most n bytes of a datagram and drops the rest, and a Cyrillic "
        "letter cut in half makes decode() fail",
    "check.udp.server.big_datagram.api":
        "a UDP datagram can be up to 65,507 bytes: recvfrom(65536) takes any of them",
    "check.udp.server.big_datagram.shape":
        "recvfrom(65536), then decode_message(data): it cuts an overlong message itself",
}
