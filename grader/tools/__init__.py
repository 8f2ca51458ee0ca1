"""The instructor's commands, each a `python -m grader SUBCOMMAND`, and their extras:

    batch/          grade a class into a gradebook (CSV, feedback files, results.json per student)
    lms.py          the LMSs' bulk downloads as they come (Canvas submissions.zip, Moodle download-all)
    gradebooks.py   the class list (roster.csv or the LMS's own export), Canvas and Moodle imports
    overview.py     the class at a glance (batch --overview)
    similarity.py   similar submissions (python -m grader similarity)
    bench/          load-test a chat server (plan, driver, tally, sampler, measure, summary, cli)
    demo.py         a scripted chat for the lecture hall (demo --live: live.py)
    live.py         the lecture hall as a chat room: a relay on every interface and a dashboard
    bundle.py       the Gradescope autograder zip and the GitHub Classroom result
    lecture/        the course's example chat, as the lecture shows it
"""
