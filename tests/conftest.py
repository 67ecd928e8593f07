"""Settings for every test: Hypothesis without time limits.

Speed is measured in benchmarks/, never in the unit tests; on a shared or busy machine a
deadline per example, or the check that inputs are generated quickly, fails tests that
are right. Every other health check stays on.

``pytest --hypothesis-profile=other-pythons`` is how CI (``.ci/run``) runs the suite on
the supported Pythons other than the default ``python3``, after the full run on that one.
The full run draws new examples every time at full count; the other runs are there to
find what differs between interpreters (the standard library, ``zoneinfo``, typing,
the parsers' error messages), which nearly any input shows. So they draw a quarter of
the examples of properties that set no count of their own, the same examples on every
run (``derandomize``: a failure on one Python alone is then found again by rerunning,
not by luck), and keep no example database, as the two runs share a working tree.
"""

from hypothesis import HealthCheck, settings

settings.register_profile("timeline", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile(
    "other-pythons", settings.get_profile("timeline"), max_examples=25, derandomize=True, database=None
)
settings.load_profile("timeline")
