"""The instructor's commands, each a `python -m grader SUBCOMMAND`:

    batch.py   grade a class into a gradebook (CSV, feedback files, results.json per student)
    bench/     load-test a chat server (plan, driver, sampler, measure, summary, cli)
    demo.py    a live chat for the lecture hall
    bundle.py  the Gradescope autograder zip and the GitHub Classroom result
"""
