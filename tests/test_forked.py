"""helpgen.forked: a function run in a forked child, its result or its failure brought back."""

from __future__ import annotations

import os
import time

import pytest

from helpgen.forked import ForkedError, forked


def _pid_and(value):
    return os.getpid(), value


def _fail(message):
    raise ValueError(message)


def _die():
    os._exit(3)


def test_the_result_comes_back_from_another_process():
    pid, value = forked(_pid_and, {"a": [1, 2]}).result()
    assert value == {"a": [1, 2]}
    assert pid != os.getpid() or not hasattr(os, "fork")


def test_an_exception_in_the_child_is_a_forked_error_naming_it():
    job = forked(_fail, "disk full")
    with pytest.raises(ForkedError, match="ValueError: disk full"):
        job.result()
    with pytest.raises(ForkedError):  # asked again, the same answer
        job.result()


@pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork here")
def test_a_child_that_dies_is_a_forked_error_with_its_exit_code():
    with pytest.raises(ForkedError, match="ended with code 3"):
        forked(_die).result()


@pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork here")
def test_stop_ends_a_child_still_running():
    start = time.monotonic()
    job = forked(time.sleep, 30)
    job.stop()
    assert time.monotonic() - start < 20
    with pytest.raises(ForkedError, match="stopped"):
        job.result()
