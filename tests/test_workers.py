"""helpgen.workers: functions run in forked children, their results or failures brought back."""

from __future__ import annotations

import os
import time

import pytest

from helpgen.workers import ForkedError, Workers


def forked(fn, *args):
    return Workers().fork(fn, *args)


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


def _square_and_pid(n):
    return n * n, os.getpid()


def test_map_gives_every_result_in_order_from_other_processes_and_tells_progress():
    done = []
    results = list(Workers(2).map(_square_and_pid, list(range(50)), on_done=done.append))
    assert [r for r, _ in results] == [n * n for n in range(50)]
    assert sum(done) == 50
    if hasattr(os, "fork"):
        assert {pid for _, pid in results} - {os.getpid()}


def test_map_takes_functions_that_do_not_pickle_the_children_inherit_them():
    offset = 7
    results = list(Workers(2).map(lambda n: n + offset, list(range(20))))
    assert results == [n + 7 for n in range(20)]


def test_map_on_one_core_stays_in_this_process():
    results = list(Workers(1).map(_square_and_pid, [1, 2, 3]))
    assert results == [(1, os.getpid()), (4, os.getpid()), (9, os.getpid())]


def test_a_failure_in_a_slice_is_a_forked_error():
    with pytest.raises(ForkedError, match="ValueError: item 13"):
        list(Workers(2).map(lambda n: _fail(f"item {n}") if n == 13 else n, list(range(30))))


@pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork here")
def test_closing_the_workers_ends_children_still_running():
    start = time.monotonic()
    with Workers(2) as workers:
        job = workers.fork(time.sleep, 30)
    assert time.monotonic() - start < 20
    with pytest.raises(ForkedError, match="stopped"):
        job.result()
