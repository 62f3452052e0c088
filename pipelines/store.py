"""Articles and aliases into the archive, one short transaction per item."""

from itemadapter import ItemAdapter

from natocrawl import store
from natocrawl.items import AliasItem
from natocrawl.runlog import ALIASES_KEY, STORED_PREFIX
from pipelines.archive import ArchivePipeline


class StorePipeline(ArchivePipeline):
    def process_item(self, item):
        record = ItemAdapter(item)
        if isinstance(item, AliasItem):
            self._store_aliases(record["url"], record["aliases"], record["seen_at"])
            return item
        if replaced := record.get("replaces"):
            self.stats.inc_value(ALIASES_KEY, store.move_article(self.db, replaced, record["url"], record["fetched_at"]))
        outcome = store.upsert_article(self.db, record.asdict(), seen_at=record["fetched_at"])
        if not replaced:  # a re-keyed twin (same text) was counted when first stored
            self.stats.inc_value(STORED_PREFIX + outcome)
        self._store_aliases(record["url"], record.get("aliases", []), record["fetched_at"])
        return item

    def _store_aliases(self, url: str, aliases: list[str], seen_at: str) -> None:
        if aliases:
            added = store.add_aliases(self.db, url, aliases, seen_at)
            self.stats.inc_value(ALIASES_KEY, added)
