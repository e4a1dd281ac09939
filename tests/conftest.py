"""Hypothesis profiles: thorough and random by default, reproducible in CI."""

import os

from hypothesis import HealthCheck, settings

settings.register_profile("default", deadline=None)
# CI must not fail on an example that no one saw locally: derandomize there, and look harder.
settings.register_profile(
    "ci", deadline=None, derandomize=True, max_examples=200,
    suppress_health_check=[HealthCheck.too_slow],
)  # fmt: skip
settings.load_profile("ci" if os.environ.get("CI") else "default")
