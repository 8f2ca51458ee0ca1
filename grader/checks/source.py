"""The static check shared by all four modules: read the source, never import it."""
from grader.engine import rubric
from grader.chat.transcript import Failure
from grader.engine.facts import judge
from grader.messages import say


def check_source(grading, scenario, track, role):
    facts = grading.facts[rubric.MODULES[(track, role)]]
    module = grading.roles.file(rubric.MODULES[(track, role)])
    reader = say("chat.actor.source", grading.lang)
    if facts.syntax_error:
        scenario.log(reader, "static-missing", facts.syntax_error)
        raise Failure(f"{module}: {facts.syntax_error}",
                      say("checks.syntax_hint", grading.lang))
    verdict = judge(facts, track, role, grading.lang)
    for ok, text in verdict.found:
        scenario.log(reader, "static-ok" if ok else "static-missing", text)
    if not verdict.ok:
        missing = "; ".join(text for ok, text in verdict.found if not ok)
        raise Failure(f"{module}: {missing}")
