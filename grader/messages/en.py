"""English (--lang en). Keep the ids in step with ru.py."""

TEXT = {
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
}
