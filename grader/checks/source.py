"""The static check shared by all four modules: read the source, never import it."""
from grader.engine import rubric
from grader.chat.transcript import Failure, StartFailure
from grader.engine.facts import FORBIDDEN, judge
from grader.messages import say


def check_source(grading, scenario, track, role):
    facts = grading.facts[rubric.MODULES[(track, role)]]
    module = grading.roles.file(rubric.MODULES[(track, role)])
    reader = say("chat.actor.source", grading.lang)
    if facts.syntax_error:
        scenario.log(reader, "static-missing", facts.syntax_error)
        # The module cannot start: like any start failure it spends no hint level, and the
        # rubric's idea of the check would answer a question the student is not asking.
        raise StartFailure(say("sandbox.start.syntax", grading.lang, module=module, error=facts.syntax_error),
                           say("checks.syntax_hint", grading.lang))
    verdict = judge(facts, track, role, grading.lang)
    forbidden = {say("facts.forbidden", grading.lang, module=name) for name in FORBIDDEN}
    missing = []
    for ok, text in verdict.found:
        said = text if ok or text in forbidden else say("checks.static_not_found", grading.lang, item=text)
        scenario.log(reader, "static-ok" if ok else "static-missing", said)
        if not ok:
            missing.append(said)
    if not verdict.ok:
        raise Failure(f"{module}: " + "; ".join(missing))
