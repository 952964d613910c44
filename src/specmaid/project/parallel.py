"""Map a function over many items in forked worker processes; the results are the same as a
plain serial loop, in the same order.

Why fork, and why not a ``ProcessPoolExecutor``: rendering a small spec takes a fraction of
a millisecond, while getting a process ready to render one takes about 0.1 s (imports, the
Jinja environment, compiled templates and validators). Pool workers start cold, so each one
pays that again, and importing ``multiprocessing`` alone costs 20 ms. Here the parent does the
first item itself (which warms everything up) and only then forks: the children start warm,
sharing the parent's memory. The parent takes work too, so two cores mean the parent and one
child.

Each child writes its pickled results to an unnamed temporary file. When a child fails in any
way, the parent does the chunks it took itself: the parallel path can cost time, never change
the result.
Fork is only used on Linux (macOS's system libraries are not fork-safe, which is why Python
spawns there) and only while the process runs no other thread; elsewhere the loop is serial.
"""

from __future__ import annotations

import contextlib
import gc
import os
import signal
import sys
from collections.abc import Callable, Sequence
from typing import IO, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")


def can_fork() -> bool:
    if sys.platform != "linux" or not hasattr(os, "fork"):
        return False
    threading = sys.modules.get("threading")
    return threading is None or threading.active_count() == 1


def default_workers() -> int:
    """One per usable core, at most eight."""
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cores = os.cpu_count() or 1
    return max(1, min(cores, 8))


#: At most this many chunks: their numbers (4 bytes each) must fit in a pipe's buffer.
MAX_CHUNKS = 4096


def fork_map(
    work: Callable[[Item], Result], items: Sequence[Item], workers: int | None = None
) -> list[Result]:
    """``[work(item) for item in items]``, spread over ``workers`` processes (the parent is
    one of them); ``work`` must not print, and its results must pickle."""
    workers = default_workers() if workers is None else workers
    if workers < 2 or len(items) < 3 or not can_fork():
        return [work(item) for item in items]
    first = work(items[0])  # warms the parent up before any child is forked
    rest = items[1:]
    workers = min(workers, len(rest))
    # Work is handed out in small chunks, to whichever process asks next: a core that runs
    # slower (shared with other work) or the parent's own work after the map then cost
    # little, where fixed shares would wait for the slowest.
    size = max(1, min(16, len(rest) // (workers * 8)), -(-len(rest) // MAX_CHUNKS))
    chunks = [rest[start : start + size] for start in range(0, len(rest), size)]
    done: dict[int, list[Result]] = {}
    # Objects that exist before the fork are left out of garbage collection until the end:
    # a collection touches every object it tracks, and each page it writes to is then
    # copied for the process that wrote it (parent or child); 15% of the time, measured.
    gc.freeze()
    try:
        with contextlib.ExitStack() as files:
            queue, writer = os.pipe()
            files.callback(os.close, queue)
            # All chunk numbers go in before anyone reads; once they are read, a read
            # returns nothing (no process keeps the writing end open).
            os.write(writer, b"".join(n.to_bytes(4, "little") for n in range(len(chunks))))
            os.close(writer)
            children = _start_children(work, chunks, queue, workers - 1, files)
            try:
                done.update(_take_chunks(work, chunks, queue))
                while children:
                    done.update(_results_of(*children[0]))
                    children.pop(0)  # (reaped: its process id may belong to another now)
            except BaseException:  # Ctrl-C, or an error in the parent's chunks
                for pid, _ in children:
                    with contextlib.suppress(OSError):
                        os.kill(pid, signal.SIGKILL)
                        os.waitpid(pid, 0)
                raise
    finally:
        gc.unfreeze()
    results = [first]
    for number, chunk in enumerate(chunks):
        got = done.get(number)  # (missing when the child that took it failed)
        results.extend(got if got is not None else [work(item) for item in chunk])
    return results


def _take_chunks(
    work: Callable[[Item], Result], chunks: list[Sequence[Item]], queue: int
) -> dict[int, list[Result]]:
    """Chunks taken from the queue until it is empty, done: {chunk number: results}."""
    done: dict[int, list[Result]] = {}
    while True:
        number = os.read(queue, 4)
        if not number:
            return done
        index = int.from_bytes(number, "little")
        done[index] = [work(item) for item in chunks[index]]


def _start_children(
    work: Callable[[Item], Result],
    chunks: list[Sequence[Item]],
    queue: int,
    count: int,
    files: contextlib.ExitStack,
) -> list[tuple[int, IO[bytes]]]:
    import pickle
    import tempfile

    children: list[tuple[int, IO[bytes]]] = []
    for _ in range(count):
        # Results go to an unnamed file, not a pipe: a full pipe would stall the child
        # while the parent is busy with chunks of its own.
        file = files.enter_context(tempfile.TemporaryFile())  # noqa: SIM115 (closed by files)
        pid = os.fork()
        if pid == 0:  # the child: take chunks, write the results, leave without cleanup
            code = 1
            try:
                pickle.dump(_take_chunks(work, chunks, queue), file, -1)
                file.flush()
                code = 0
            finally:
                os._exit(code)
        children.append((pid, file))
    return children


def _results_of(pid: int, file: IO[bytes]) -> dict[int, list[Result]]:
    """What a child wrote, once it has exited; nothing when it failed."""
    import pickle

    _, status = os.waitpid(pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        return {}
    try:
        file.seek(0)
        done = pickle.load(file)
    except Exception:  # cut short: its chunks are done again by the parent
        return {}
    return done if isinstance(done, dict) else {}
