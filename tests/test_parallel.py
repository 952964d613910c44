"""fork_map: the same results as a serial loop, whatever happens to the children."""

from __future__ import annotations

import os
import time

import pytest

from specmaid.project import parallel

needs_fork = pytest.mark.skipif(not parallel.can_fork(), reason="fork is used on Linux only")


def square_with_pid(n: int) -> tuple[int, int]:
    return n * n, os.getpid()


def slow_square_with_pid(n: int) -> tuple[int, int]:
    # Long enough that every process gets some of the work even on a loaded machine: at 2 ms
    # (0.2 s in all) a child forked late under load found every chunk taken (seen with 8
    # workers on 2 busy cores). Sleeping costs no CPU, so 1 s in all is ~0.1-0.5 s of wall.
    time.sleep(0.01)
    return n * n, os.getpid()


@needs_fork
@pytest.mark.parametrize("workers", [2, 3, 8])
def test_results_are_those_of_a_serial_loop_in_order(workers: int) -> None:
    items = list(range(101))
    results = parallel.fork_map(slow_square_with_pid, items, workers)
    assert [r[0] for r in results] == [n * n for n in items]
    pids = {r[1] for r in results}
    assert os.getpid() in pids and len(pids) == workers  # the parent took work too


@needs_fork
def test_many_items_in_chunks_keep_their_order() -> None:
    items = list(range(70_001))  # more items than chunks: several per chunk
    assert parallel.fork_map(abs, items, 3) == items


def test_serial_when_told_or_when_there_is_little_to_do() -> None:
    assert parallel.fork_map(square_with_pid, [1, 2, 3], 1) == [
        (n * n, os.getpid()) for n in (1, 2, 3)
    ]
    assert parallel.fork_map(square_with_pid, [4, 5], 4) == [(16, os.getpid()), (25, os.getpid())]
    assert parallel.fork_map(square_with_pid, [], 4) == []


@needs_fork
def test_a_child_that_dies_costs_time_not_results() -> None:
    parent = os.getpid()

    def fragile(n: int) -> int:
        if os.getpid() != parent and n == 7:
            os._exit(3)  # a child killed half-way: no results written
        return n + 1

    assert parallel.fork_map(fragile, list(range(40)), 4) == [n + 1 for n in range(40)]


@needs_fork
def test_an_error_in_a_child_share_is_raised_as_the_serial_loop_would() -> None:
    def picky(n: int) -> int:
        if n == 30:
            raise ValueError("thirty")
        return n

    with pytest.raises(ValueError, match="thirty"):
        parallel.fork_map(picky, list(range(40)), 4)


@needs_fork
def test_results_that_do_not_pickle_are_made_in_the_parent() -> None:
    parent = os.getpid()
    results = parallel.fork_map(lambda n: (lambda: n) if n else None, list(range(12)), 3)
    assert results[0] is None and [f() for f in results[1:]] == list(range(1, 12))
    assert parent == os.getpid()


def test_no_fork_while_other_threads_run() -> None:
    import threading

    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert not parallel.can_fork()
    finally:
        stop.set()
        thread.join()
