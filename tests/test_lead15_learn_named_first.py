"""`stackwise learn` moves the packages a failure names first.

Found on a real spaCy stack (``spacy<3.7``: 34 packages, pip's pick failing with ``ValueError:
numpy.dtype size changed`` raised in ``thinc/backends/numpy_ops.pyx``): the probes that look
for a passing neighbour moved one package at a time in alphabetical order, so 40 probes went
to annotated-types, blis, catalogue, ... and numpy was never moved (no rule). And when no other
release makes the stack pass, the pair is formed with the culprit's dependent the traceback
runs through (thinc), not the alphabetically first one. A synthetic world, as in
tests/test_inspect_learn.py: a tiny resolver and a check that is a function of the stack.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from packaging.version import Version

from stackwise.inspect.learn import learn
from stackwise.inspect.model import Check, InspectionResult, StackRequest

ENV = {"python": "3.11.7", "python_minor": "3.11", "implementation": "cpython",
       "platform": "linux", "machine": "x86_64", "network_isolated": True}
SIG = "ValueError: numpy.dtype size changed, may indicate binary incompatibility"
TRACE = ('File "/venv/site-packages/app/__init__.py", line 3, in <module>\n'
         'File "/venv/site-packages/thinc/backends/ops.py", line 1, in <module>\n'
         'File "thinc/backends/numpy_ops.pyx", line 1, in init thinc.backends.numpy_ops\n' + SIG)


class World:
    """``app`` depends on every other package; ``thinc`` also on ``numpy``; forced pins win,
    the rest take their newest release."""

    def __init__(self, fillers: int, breaks: Callable[[Mapping[str, str]], bool], thinc: list[str]) -> None:
        self.releases_of = {f"a{i:02d}": [f"{s}.0" for s in range(1, 9)] for i in range(fillers)}
        self.releases_of.update(app=["1.0"], thinc=thinc, numpy=["1.25.0", "1.26.4", "2.0.0", "2.1.0", "2.2.0"])
        self.edges = [("app", n) for n in self.releases_of if n != "app"] + [("thinc", "numpy")]
        self.breaks = breaks
        self.calls = 0

    def releases(self, name: str) -> list[Version]:
        return sorted((Version(v) for v in self.releases_of[name]), reverse=True)

    def result(self, pins: Mapping[str, str]) -> InspectionResult:
        fails = self.breaks(pins)
        return InspectionResult(
            stack=StackRequest(pins=tuple(sorted(pins.items())), lock="# synthetic\n", label="test"),
            check=Check(), outcome="failed" if fails else "passed", exit_status=1 if fails else 0,
            signature=SIG if fails else None, output_tail=TRACE if fails else "", environment=dict(ENV),
            attempts=2 if fails else 1)

    def probe(self, forced: Mapping[str, str]) -> InspectionResult | None:
        self.calls += 1
        pins = {n: forced.get(n, max(rs, key=Version)) for n, rs in self.releases_of.items()}
        if any(forced[n] not in self.releases_of[n] for n in forced):
            return None
        return self.result(pins)

    def learn(self, max_probes: int):
        pins = {n: max(rs, key=Version) for n, rs in self.releases_of.items()}
        return learn([self.result(pins)], probe=self.probe, releases=self.releases, edges=self.edges,
                     max_probes=max_probes, link="https://kb.example.org/{}")


def test_the_package_the_signature_names_is_moved_first():
    """Every package has 8 release series; 30 of them sort before numpy. Moving numpy first, a
    passing neighbour is found in a few probes and the whole rule takes 66; moving them in
    alphabetical order took 216 (measured on the tree before), past this budget of 80."""
    world = World(30, lambda p: Version(p["numpy"]) >= Version("2") and Version(p["thinc"]) < Version("8.3"),
                  thinc=["8.1.10", "8.1.12"])
    report = world.learn(max_probes=80)
    assert len(report.rules) == 1, report.notes
    rule = report.rules[0]
    assert {rule.package.name, rule.other.name if rule.other else None} == {"thinc", "numpy"}
    numpy_spec = rule.other.specifier if rule.package.name == "thinc" else rule.package.specifier
    assert numpy_spec.contains("2.0.0") and not numpy_spec.contains("1.26.4")


def test_the_dependent_the_traceback_runs_through_forms_the_pair():
    """No release of any other package makes numpy 2 work (every thinc is built against numpy 1):
    the pair is (thinc, numpy) -- thinc is where the traceback fails -- not (app, numpy)."""
    world = World(3, lambda p: Version(p["numpy"]) >= Version("2"), thinc=["8.1.10", "8.1.12"])
    report = world.learn(max_probes=200)
    assert len(report.rules) == 1, report.notes
    rule = report.rules[0]
    assert rule.package.name == "thinc" and rule.other is not None and rule.other.name == "numpy", rule
