"""Where articles are spoken: in this process, in local worker processes (``--jobs N``), or on a Dask cluster.

Each article is one task (:func:`narrator.publish.article.publish_article`),
which writes its files into the publishing folder itself and returns what it
wrote; the caller hears of each as it finishes, in any order. A worker that
dies loses at most the article it was speaking, which is given to another
worker once more: :data:`ATTEMPTS` in all. Dask is imported only when a
cluster is asked for (``pip install 'narrator[cluster]'``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from narrator.errors import EngineNotInstalledError, NarratorError
from narrator.publish.article import ArticleTask, Failed, Published, publish_article

if TYPE_CHECKING:
    from distributed import Client

ATTEMPTS = 2
"""An article whose worker died is tried once more; a second death is the article's failure."""
LOCAL_CLUSTER = "local"

Finished = Callable[[ArticleTask, "Published | Failed"], None]


def run_tasks(tasks: Sequence[ArticleTask], jobs: int, cluster: str | None, finished: Finished) -> None:
    """Speak every task, calling ``finished`` in this process as each one ends."""
    if not tasks:
        return
    if cluster is not None:
        _on_cluster(tasks, jobs, cluster, finished)
    elif jobs <= 1 or len(tasks) == 1:
        for task in tasks:
            finished(task, publish_article(task))
    else:
        _in_processes(tasks, min(jobs, len(tasks)), finished)


def _in_processes(tasks: Sequence[ArticleTask], jobs: int, finished: Finished) -> None:
    """A pool of ``jobs`` fresh worker processes; when one dies the pool is rebuilt and the unfinished tasks given
    out again, each at most :data:`ATTEMPTS` times."""
    import multiprocessing
    import os
    from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
    from concurrent.futures.process import BrokenProcessPool

    from narrator.signals import die_with_parent

    attempts = dict.fromkeys(range(len(tasks)), 0)
    waiting = list(range(len(tasks)))
    while waiting:
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(jobs, context, initializer=die_with_parent, initargs=(os.getpid(),)) as pool:
            running: dict[Future[Published | Failed], int] = {}
            for index in waiting:
                attempts[index] += 1
                running[pool.submit(publish_article, tasks[index])] = index
            waiting = []
            try:
                while running:
                    done, _ = wait(running, return_when=FIRST_COMPLETED)
                    for future in done:
                        index = running.pop(future)
                        try:
                            result = future.result()
                        except BrokenProcessPool:
                            waiting.append(index)
                            continue
                        finished(tasks[index], result)
            except BaseException:
                for future in running:
                    future.cancel()
                raise
        for index in list(waiting):
            if attempts[index] >= ATTEMPTS:
                waiting.remove(index)
                task = tasks[index]
                finished(task, Failed(task.address, task.slug, f"{task.address}: its worker process died twice"))


def _on_cluster(tasks: Sequence[ArticleTask], jobs: int, cluster: str, finished: Finished) -> None:
    """Each task a Dask future; the scheduler gives a dead worker's task to another (``allowed-failures``)."""
    try:
        import dask
        from distributed import Client, LocalCluster, as_completed
    except ImportError:
        raise EngineNotInstalledError(
            "--cluster needs Dask distributed: pip install 'narrator[cluster]' (or dask[distributed])."
        ) from None

    with dask.config.set({"distributed.scheduler.allowed-failures": ATTEMPTS - 1}):
        if cluster == LOCAL_CLUSTER:
            local = LocalCluster(n_workers=jobs, threads_per_worker=1, processes=True, dashboard_address=None)
            client = Client(local)
        else:
            local = None
            client = _connect(cluster)
        try:
            futures = {
                client.submit(publish_article, task, pure=False, key=f"publish-{index}-{task.slug}"): task
                for index, task in enumerate(tasks)
            }
            for future in as_completed(futures):
                task = futures[future]
                try:
                    result = future.result()
                except Exception as error:  # the worker died twice (KilledWorker) or the task could not run there
                    result = Failed(task.address, task.slug, f"{task.address}: failed on the cluster ({_named(error)})")
                finished(task, result)
        finally:
            client.close()
            if local is not None:
                local.close()


def _connect(address: str) -> Client:
    from distributed import Client

    if not address.startswith(("tcp://", "tls://", "ucx://", "ws://", "wss://", "inproc://")):
        raise NarratorError(f"--cluster {address}: give the scheduler's address (tcp://HOST:PORT) or 'local'.")
    try:
        return Client(address, timeout="20s")
    except (OSError, TimeoutError) as error:
        raise NarratorError(f"--cluster {address}: cannot reach the Dask scheduler ({_named(error)}).") from None


def _named(error: BaseException) -> str:
    text = str(error).splitlines()[0] if str(error) else ""
    return f"{type(error).__name__}: {text}" if text else type(error).__name__
