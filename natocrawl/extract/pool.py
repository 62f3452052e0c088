"""The pool of extraction processes shared by the crawl and `natocrawl reprocess`."""

import multiprocessing
import os
import signal
import threading
import time
from concurrent.futures import ProcessPoolExecutor

PARENT_CHECK_SECONDS = 1.0


def worker_pool(workers: int) -> ProcessPoolExecutor:
    """`workers` processes, started with spawn, not fork: the crawler runs threads (DNS, the
    reactor) that a fork would copy mid-flight. Each worker exits once its parent is gone, so
    a crawl killed with SIGKILL leaves no orphans behind."""
    return ProcessPoolExecutor(
        workers,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=_worker_setup,
        initargs=(os.getpid(),),
    )


def _worker_setup(parent: int) -> None:
    # Ctrl-C reaches the whole process group; the crawl stops gracefully and shuts the pool
    # down itself, so a worker must not die mid-page on it.
    signal.signal(signal.SIGINT, signal.SIG_IGN)

    def watch():
        while os.getppid() == parent:
            time.sleep(PARENT_CHECK_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()
