"""Settings for every test: Hypothesis without time limits.

Speed is measured in benchmarks/, never in the unit tests; on a shared or busy machine a
deadline per example, or the check that inputs are generated quickly, fails tests that
are right. Every other health check stays on.
"""

from hypothesis import HealthCheck, settings

settings.register_profile("timeline", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("timeline")
