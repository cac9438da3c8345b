"""Bounded load loops and the figures taken from them."""
from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0..100) by the nearest-rank method."""
    ordered = sorted(values)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[rank - 1]


@dataclass
class Timing:
    """Latencies in milliseconds and the wall time they took."""
    latencies: list[float]
    seconds: float

    @property
    def p50(self) -> float:
        return percentile(self.latencies, 50)

    @property
    def p95(self) -> float:
        return percentile(self.latencies, 95)

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0


def timed(make_call: Callable[[], Callable[[int], None]], requests: int, seconds: float,
          concurrency: int = 1) -> Timing:
    """Run call(i) for i = 0, 1, ... until `requests` calls are made or `seconds` have passed,
    from `concurrency` threads, each with its own call from `make_call` (one: in this thread,
    which keeps its app context)."""
    latencies: list[float] = []
    errors: list[BaseException] = []
    lock = threading.Lock()
    counter = iter(range(requests))
    deadline = time.perf_counter() + seconds

    def worker(call: Callable[[int], None]) -> None:
        try:
            loop(call)
        except BaseException as error:  # re-raised in the calling thread
            errors.append(error)

    def loop(call: Callable[[int], None]) -> None:
        while time.perf_counter() < deadline and not errors:
            with lock:
                i = next(counter, None)
            if i is None:
                return
            start = time.perf_counter()
            call(i)
            elapsed = (time.perf_counter() - start) * 1000
            with lock:
                latencies.append(elapsed)

    threads = [threading.Thread(target=worker, args=(make_call(),))
               for _ in range(concurrency)] if concurrency > 1 else []
    start = time.perf_counter()
    if not threads:
        worker(make_call())
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]
    return Timing(latencies, time.perf_counter() - start)
