"""The static check shared by all four modules: read the source, never import it."""
from grader import rubric
from grader.peers import Failure
from grader.static import judge


def check_source(grading, scenario, track, role):
    facts = grading.facts[rubric.MODULES[(track, role)]]
    module = grading.roles.file(rubric.MODULES[(track, role)])
    reader = "исходный код" if grading.ru() else "source code"
    if facts.syntax_error:
        scenario.log(reader, "static-missing", facts.syntax_error)
        raise Failure(f"{module}: {facts.syntax_error}",
                      "исправьте синтаксическую ошибку в указанной строке" if grading.ru()
                      else "fix the syntax error on that line")
    verdict = judge(facts, track, role, grading.lang)
    for ok, text in verdict.found:
        scenario.log(reader, "static-ok" if ok else "static-missing", text)
    if not verdict.ok:
        missing = "; ".join(text for ok, text in verdict.found if not ok)
        raise Failure(f"{module}: {missing}")
