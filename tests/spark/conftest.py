"""One local[2] SparkSession for every Spark test (a JVM start costs seconds; the tests share it).

Spark needs Java: .ci/run installs Debian's openjdk-17-jre-headless, and under CI a missing Java
fails the tests instead of skipping them (as PostgreSQL and Chromium do).
"""

from __future__ import annotations

import os

import pytest


@pytest.fixture(scope="session")
def spark():
    from presslens.spark.job import java_problem, spark_session

    problem = java_problem()
    if problem:
        if os.environ.get("CI"):
            pytest.fail(f"CI is set but {problem}")
        pytest.skip(problem)
    session = spark_session("local[2]", app_name="presslens-tests",
                            conf={"spark.sql.shuffle.partitions": "4", "spark.default.parallelism": "2"})
    yield session
    session.stop()

