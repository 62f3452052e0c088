"""Datasette plugin of the archive: a facet in time order. Datasette orders a facet's values by
count, which puts 2024 before 2019 before 2022; a year facet reads newest first. Configured
in metadata.yaml as `{chronological: year}` (or `?_facet_chronological=year`)."""

from datasette import hookimpl
from datasette.facets import ColumnFacet

# More than the years NATO has existed: every value is fetched, then put in order.
ALL_VALUES = 500


class ChronologicalFacet(ColumnFacet):
    type = "chronological"

    def get_facet_size(self):
        return ALL_VALUES

    async def suggest(self):
        return []

    async def facet_results(self):
        results, timed_out = await super().facet_results()
        for facet in results:
            facet["results"].sort(key=lambda value: str(value["value"]), reverse=True)
        return results, timed_out


@hookimpl
def register_facet_classes():
    return [ChronologicalFacet]
