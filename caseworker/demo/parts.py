"""The national history (`demo.history`) made by several processes at once, on PostgreSQL.

Python makes the history's rows in one thread, and a thread that writes them shares the same
interpreter lock: on two processors, one of them made rows while the other had little to do
but store them. Here the persons are split by region into shares (`split`), each made by a
process of its own, forked once the parent has read what the history draws on, so that it
starts with the same world. A share's process makes its rows chunk by chunk, turns each table's
rows into COPY's binary data (`bulk.encode`) and hands that to the parent through a pipe; the
parent only sends the data to the server, in its own transaction, as it comes. What a share
keeps count of (the letter counters of its regions, the indicator summary's cells of its
persons) comes back when it is done.

A region's persons are all in one share: the letter numbers of a region and year and the places
and funds of a region's allocations are drawn in one process, in sequence. The rest is kept
apart by the history itself: each share has ids of its own and letter codes of its own first
characters.
"""
from __future__ import annotations

import gc
import multiprocessing
import traceback
from collections import defaultdict
from collections.abc import Callable
from multiprocessing.connection import wait

from sqlalchemy import Connection

from caseworker.demo import bulk

PARTS = 2  # processes that make the history; the server's own work takes the rest

# A share's work: given `emit(persons, {table: rows})`, which hands a chunk's rows over, it
# makes every chunk and returns what it kept count of (anything a pipe carries).
Job = Callable[[Callable[[int, dict[str, list]], None]], object]


def split(persons: list, parts: int) -> list[list]:
    """The persons (rows whose first field is the id, the second the region) in `parts`
    shares of whole regions and about equal size, each in id order: the biggest region first
    to the smallest share, and so on."""
    by_region: dict[int, list] = defaultdict(list)
    for person in persons:
        by_region[person[1]].append(person)
    shares: list[list] = [[] for _ in range(parts)]
    for _region, group in sorted(by_region.items(), key=lambda item: (-len(item[1]), item[0])):
        min(shares, key=len).extend(group)
    return [sorted(share, key=lambda person: person[0]) for share in shares if share]


def run(conn: Connection, jobs: list[Job], copyings: dict[str, bulk.Copying],
        written: dict[str, int], progress: Callable[[int], None] | None) -> list:
    """Each job in a forked process; their rows stored through `conn` as they come, counted
    in `written` (rows per table) and `progress` (persons). Returns what the jobs returned,
    in the order they finished; a job that failed is raised here with its traceback."""
    context = multiprocessing.get_context("fork")
    running: dict = {}
    try:
        for job in jobs:
            receiver, sender = context.Pipe(duplex=False)
            process = context.Process(target=_serve, args=(job, copyings, sender), daemon=True)
            process.start()
            sender.close()  # the child's end: the parent sees the pipe close when it exits
            running[receiver] = process
        results = []
        while running:
            for receiver in wait(list(running)):
                try:
                    kind, *message = receiver.recv()
                except EOFError:
                    raise RuntimeError("a part of the history ended without its rows") from None
                if kind == "failed":
                    raise RuntimeError(f"a part of the history failed:\n{message[0]}")
                if kind == "done":
                    results.append(message[0])
                    running.pop(receiver).join()
                    receiver.close()
                    continue
                persons, tables = message
                for name, count, data in tables:
                    bulk.send(conn, copyings[name], data)
                    written[name] += count
                if progress:
                    progress(persons)
        return results
    finally:
        for receiver, process in running.items():  # only after a failure
            process.terminate()
            process.join()
            receiver.close()


def _serve(job: Job, copyings: dict[str, bulk.Copying], sender) -> None:
    """The child's side: the job's chunks as COPY data through the pipe, then its result."""
    gc.disable()  # what it makes lives until it is sent or the process ends; none in a cycle
    try:
        def emit(persons: int, tables: dict[str, list]) -> None:
            sender.send(("rows", persons, [(name, len(rows), bulk.encode(copyings[name], rows))
                                           for name, rows in tables.items()]))
        sender.send(("done", job(emit)))
    except BaseException:  # noqa: B036 (whatever stops the child, the parent hears of it)
        sender.send(("failed", traceback.format_exc()))
    finally:
        sender.close()
