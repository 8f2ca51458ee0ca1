"""The instructor's commands, each a `python -m grader SUBCOMMAND`, and their extras:

    batch/          grade a class into a gradebook (CSV, feedback files, results.json per student)
    gradebooks.py   the roster-joined gradebook, Canvas and Moodle imports (batch --roster ...)
    overview.py     the class at a glance (batch --overview)
    similarity.py   similar submissions (python -m grader similarity)
    bench/          load-test a chat server (plan, driver, tally, sampler, measure, summary, cli)
    demo.py         a live chat for the lecture hall
    bundle.py       the Gradescope autograder zip and the GitHub Classroom result
    lecture/        the course's example chat, as the lecture shows it
"""
