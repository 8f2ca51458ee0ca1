"""What the step mode prints: each milestone passed as one line, then the first that failed
with its goal, the transcript of its failing check and that check's hint at the level the
folder's memory has reached (the same memory and rule as the full run: grader/engine/hints.py)."""
from dataclasses import replace

from rich.text import Text

from grader.engine import hints as memory
from grader.engine.steps import MILESTONES
from grader.messages import say
from grader.report.terminal import failure_panel, marks_for, shown_folder


def milestone_line(milestone, lang, mark, style):
    count = len(MILESTONES[milestone.track])
    return Text(f"{mark} " + say("step.line", lang, track=milestone.track.upper(), number=milestone.number,
                                 count=count, title=say(milestone.key + ".title", lang)), style=style)


def render_steps(run, console, lang="ru", book=None):
    """Print the step mode's report. `book`: the folder's hint memory (level 1 is noted in it)."""
    folder = shown_folder(run, feedback=False)   # relative to where the student stands
    console.print(Text(say("step.title", lang) + " — " + say("report.folder", lang) + f": {folder}",
                       style="bold"))
    if not run.tracks:
        console.print(Text(say("report.nothing", lang), style="yellow"))
        first = MILESTONES["tcp"][0]     # where to begin: the TCP server's first milestone
        console.print(milestone_line(first, lang, "→", "bold"))
        console.print(Text(say("step.goal", lang, goal=say(first.key + ".goal", lang)), style="bold"))
        return
    marks = marks_for(console)   # ASCII where the console has no ✓ (Windows' code pages)
    for milestone, _ in run.passed:
        console.print(milestone_line(milestone, lang, marks["passed"], "green"))
    if run.failed is None:
        console.print(Text(say("step.all_passed", lang), style="green"))
        return
    milestone, record = run.failed, run.record
    console.print(milestone_line(milestone, lang, marks["failed"], "bold red"))
    console.print(Text(say("step.goal", lang, goal=say(milestone.key + ".goal", lang)), style="bold"))
    if memory.counts_as_failure(record):
        # One memory with the full run: the level this check reached there, risen by the
        # same rule (shown, then changed code, then the same failure again).
        record = replace(record, hint_level=1)
        if book is not None:
            code = memory.code_hash(memory.module_file(run.result.folder, record.id, run.result.roles))
            record = replace(record, hint_level=book.failed(record.id, code))
    console.print(failure_panel(record, lang, marks=marks))   # with "next hint: python -m grader hint N"
    console.print(Text(say("step.again", lang), style="dim"))
