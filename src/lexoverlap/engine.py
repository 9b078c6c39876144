"""Where the per-document work of ``analyze`` runs: in this process, or as Dask tasks.

An :class:`Engine` maps a function over items and yields the results **in order**, so the
driver (the process that owns the store) writes them one document per transaction exactly
as a single-process run does: workers compute, only the driver writes.

- :class:`LocalEngine` calls the function in this process (the default, as before).
- :class:`DaskEngine` runs it as tasks on a ``dask.distributed`` cluster: a
  ``LocalCluster`` started for the run, or an existing scheduler given by address. Values
  every task needs (the citation index, the detector) are scattered once to every worker
  (``broadcast=True``) instead of travelling with each task.

Errors: :class:`EngineError` (``E500``) when the engine cannot be started or reached.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any, Protocol, TypeVar

from .errors import LexOverlapError

R = TypeVar("R")

ENGINES = ("local", "dask")
# Workers of the LocalCluster started when no scheduler is given: one per core of the
# 2-core machines this was measured on; threads_per_worker=1 because the stages hold the GIL.
LOCAL_WORKERS = 2
# A reachable scheduler answers in milliseconds; past this, the address is wrong.
CONNECT_TIMEOUT_S = 10


class EngineError(LexOverlapError):
    """The execution engine cannot be started or reached (wrong scheduler address, …)."""

    code = "E500"


class Engine(Protocol):
    """Runs a function over items; results come back in the order of the items."""

    name: str
    #: True when tasks run in other processes: they get picklable references (paths, encoder
    #: names) instead of the driver's open objects.
    remote: bool

    def map(self, fn: Callable[..., R], items: Sequence[Any], **shared: Any) -> Iterator[R]:
        """``fn(item, **shared)`` for every item, yielded in item order."""
        ...

    def close(self) -> None:
        """Release the engine's resources (a cluster started for the run is stopped)."""
        ...


class LocalEngine:
    """Runs every task in this process, one after the other (``--engine local``).

    Examples
    --------
    >>> list(LocalEngine().map(lambda x, k: x * k, [1, 2, 3], k=10))
    [10, 20, 30]
    """

    name = "local"
    remote = False

    def map(self, fn: Callable[..., R], items: Sequence[Any], **shared: Any) -> Iterator[R]:
        return (fn(item, **shared) for item in items)

    def close(self) -> None:
        pass

    def __enter__(self) -> LocalEngine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class DaskEngine:
    """Runs tasks on ``dask.distributed`` (``--engine dask [--scheduler ADDRESS]``).

    Without ``scheduler`` a ``LocalCluster`` of ``n_workers`` single-threaded worker
    processes is started for the engine's lifetime; with it, the engine connects to that
    scheduler (started by ``dask scheduler``, workers by ``dask worker ADDRESS``). Workers
    must import the same lexoverlap and, for the stages that read the store, see the store
    file at the same path (a shared file system).
    """

    name = "dask"
    remote = True

    def __init__(self, scheduler: str | None = None, *, n_workers: int = LOCAL_WORKERS,
                 timeout: float = CONNECT_TIMEOUT_S) -> None:
        from distributed import Client, LocalCluster

        self.scheduler = scheduler
        self._cluster: Any = None
        if scheduler is None:
            self._cluster = LocalCluster(n_workers=n_workers, threads_per_worker=1,
                                         dashboard_address=None, host="127.0.0.1")
            self.client = Client(self._cluster)
            return
        try:
            self.client = Client(scheduler, timeout=timeout)
        except (OSError, TimeoutError, ValueError) as exc:
            raise EngineError(
                f"cannot reach the Dask scheduler at {scheduler} ({exc}); start one with "
                "`dask scheduler` and workers with `dask worker ADDRESS`, or drop "
                "--scheduler to start a local cluster") from None

    def map(self, fn: Callable[..., R], items: Sequence[Any], **shared: Any) -> Iterator[R]:
        if not items:
            return
        # One copy of each shared value per worker, not one per task. A list is scattered
        # element-wise, so each value is wrapped in a one-element list.
        handles = {k: self.client.scatter([v], broadcast=True, hash=False)[0]
                   for k, v in shared.items()}
        # Items (whole documents for annotate) go straight to the workers, not through the
        # scheduler inside the task graph.
        inputs = self.client.scatter(list(items), hash=False)
        futures = self.client.map(fn, inputs, pure=False, **handles)
        try:
            for item, future in zip(inputs, futures, strict=True):
                yield future.result()
                # The driver has the result: free the worker's copies.
                future.release()
                item.release()
        finally:
            self.client.cancel(futures)
            for h in [*inputs, *handles.values()]:
                h.release()

    def close(self) -> None:
        self.client.close()
        if self._cluster is not None:
            self._cluster.close()

    def __enter__(self) -> DaskEngine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def make_engine(name: str = "local", scheduler: str | None = None) -> LocalEngine | DaskEngine:
    """The engine called ``name`` (``local`` or ``dask``); ``scheduler`` only with dask.

    Examples
    --------
    >>> make_engine("local").name
    'local'
    >>> make_engine("spark")
    Traceback (most recent call last):
    ...
    lexoverlap.engine.EngineError: E500 unknown engine 'spark' (choose local or dask)
    """
    if name == "local":
        if scheduler is not None:
            raise EngineError("--scheduler needs --engine dask (the local engine runs in "
                              "this process)")
        return LocalEngine()
    if name == "dask":
        return DaskEngine(scheduler)
    raise EngineError(f"unknown engine {name!r} (choose {' or '.join(ENGINES)})")
