"""An offline replica of www.nato.int: a seeded site model plus an HTTP server on 127.0.0.1.

    site = Site(seed=1, pages=120)
    with start_server(site) as server:
        ...  # server.base_url, server.request_log; site.pages is the ground truth
    site.mutate(change=3, add=2, remove=1)  # between two crawls; see mutation.py
    start_server(site, faults=Faults.parse("5xx=0.1,pdf=1", seed=1))  # a broken portal; see faults.py

It serves the demo, the tests and the benchmarks, and imports nothing else of natocrawl: it
stands for the portal, so it must not share the crawler's understanding of it.
"""

from natocrawl.replica.chrome import CHROME_VARIANTS
from natocrawl.replica.faults import Faults
from natocrawl.replica.model import PageSpec
from natocrawl.replica.mutation import Mutation
from natocrawl.replica.server import ReplicaServer, start_server
from natocrawl.replica.site import Site

__all__ = ["CHROME_VARIANTS", "Faults", "Mutation", "PageSpec", "ReplicaServer", "Site", "start_server"]
