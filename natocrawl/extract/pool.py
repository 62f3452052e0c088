"""The pool of extraction processes shared by the crawl and `natocrawl reprocess`.

What earlier crawls learned of the site's boilerplate goes to each worker once, when it
starts, not with every page: pickled per page, it cost as much as a small page."""

import ctypes
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Mapping
from concurrent.futures import ProcessPoolExecutor

from natocrawl.extract import Article, extract_with_lines
from natocrawl.extract.chrome import line_key
from natocrawl.urls import url_info

PARENT_CHECK_SECONDS = 1.0


_boilerplate: dict[str, Mapping[str, bool]] = {}  # lang -> frequent lines, in this process


def worker_pool(workers: int, boilerplate: dict[str, Mapping[str, bool]]) -> ProcessPoolExecutor:
    """`workers` processes, each given `boilerplate` (lang -> frequent lines, as
    BoilerplateModel.frequent_by_lang gives them) once. Started with spawn, not fork: the
    crawler runs threads (DNS, the reactor) that a fork would copy mid-flight. Each worker
    exits once its parent is gone, so a crawl killed with SIGKILL leaves no orphans behind."""
    return ProcessPoolExecutor(
        workers,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=_worker_setup,
        initargs=(os.getpid(), boilerplate),
    )


def use_boilerplate(boilerplate: dict[str, Mapping[str, bool]]) -> None:
    """What boilerplate_for answers in this process (where extraction runs inline)."""
    _boilerplate.clear()
    _boilerplate.update(boilerplate)


def boilerplate_for(url: str) -> Mapping[str, bool]:
    """The frequent lines of the page's language, as this process was given them."""
    info = url_info(url)
    return _boilerplate.get(info.lang if info else None, {})


def extract_in_worker(html: str | bytes, url: str) -> tuple[Article, tuple[str, ...], tuple[str, ...]]:
    """extract_with_lines with the boilerplate this process was given, and the lines' keys:
    made here, where the line keys of menus are cached already, not in the crawl's process."""
    article, lines = extract_with_lines(html, url, boilerplate=boilerplate_for(url))
    return article, lines, tuple(line_key(line) for line in lines)


# glibc's mallopt parameters (malloc.h)
_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD, _M_ARENA_MAX = -1, -3, -8


def keep_heap_flat() -> None:
    """Ask glibc to give memory back as pages come and go. Pages are 100 KB buffers: past its
    default, glibc raises its mmap threshold above them, and the heap they are then cut from
    stays fragmented, its resident size growing with the crawl though Python holds no more.
    A fixed threshold maps each such buffer on its own and unmaps it when freed; two arenas
    instead of eight per core keep threads from each holding a heap. Elsewhere, a no-op."""
    try:
        libc = ctypes.CDLL("libc.so.6")
        for parameter, value in (
            (_M_MMAP_THRESHOLD, 64 * 1024),
            (_M_TRIM_THRESHOLD, 1 << 20),
            (_M_ARENA_MAX, 2),
        ):
            libc.mallopt(parameter, value)
    except (OSError, AttributeError):
        pass


def _worker_setup(parent: int, boilerplate: dict[str, Mapping[str, bool]]) -> None:
    keep_heap_flat()
    # Ctrl-C reaches the whole process group; the crawl stops gracefully and shuts the pool
    # down itself, so a worker must not die mid-page on it.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    use_boilerplate(boilerplate)

    def watch():
        while os.getppid() == parent:
            time.sleep(PARENT_CHECK_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()
