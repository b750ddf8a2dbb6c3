"""Collections on a Qdrant server: how one is laid out (schema, shards, replicas, on disk), and
the alias readers use, which a rebuild switches atomically from one collection to the next."""

from __future__ import annotations

import re

from qdrant_client import QdrantClient, models

from indexer.settings import StoreSettings
from indexer.store.connection import Retry
from indexer.store.protocol import DENSE, NGRAMS, SENTENCES, SPARSE


def create_options(*, dim: int, options: StoreSettings) -> dict:
    """Keyword arguments of ``create_collection`` for our schema and the cluster settings."""
    on_disk = options.on_disk or None
    # Sentence vectors: half precision, no HNSW graph (see the embedded store).
    sentences = models.VectorParams(
        size=dim, distance=models.Distance.COSINE, datatype=models.Datatype.FLOAT16, on_disk=on_disk,
        multivector_config=models.MultiVectorConfig(comparator=models.MultiVectorComparator.MAX_SIM),
        hnsw_config=models.HnswConfigDiff(m=0))
    sparse_index = models.SparseIndexParams(on_disk=True) if options.on_disk else None
    cluster = {"shard_number": options.shard_number, "replication_factor": options.replication_factor,
               "write_consistency_factor": options.write_consistency_factor,
               "on_disk_payload": options.on_disk_payload}
    return {
        "vectors_config": {DENSE: models.VectorParams(size=dim, distance=models.Distance.COSINE, on_disk=on_disk),
                           SENTENCES: sentences},
        "sparse_vectors_config": {
            name: models.SparseVectorParams(modifier=models.Modifier.IDF, index=sparse_index)
            for name in (SPARSE, NGRAMS)},
        **{key: value for key, value in cluster.items() if value is not None},
    }


class Aliases:
    """The alias ``name`` and the collections ``name-gN`` behind it, one per build."""

    def __init__(self, client: QdrantClient, name: str, *, call: Retry) -> None:
        self.client, self.name, self.call = client, name, call

    def target(self) -> str | None:
        """The collection the alias points at (None when there is no such alias)."""
        aliases = self.call(self.client.get_aliases).aliases
        return next((a.collection_name for a in aliases if a.alias_name == self.name), None)

    def exists(self) -> bool:
        """True when readers can open ``name``: an alias, or a collection of that name (older installs)."""
        return self.target() is not None or self.call(self.client.collection_exists, self.name)

    def generations(self) -> list[str]:
        """The collections built for this alias, oldest first."""
        pattern = re.compile(re.escape(self.name) + r"-g(\d+)$")
        names = [c.name for c in self.call(self.client.get_collections).collections]
        found = sorted((int(m.group(1)), n) for n in names if (m := pattern.match(n)))
        return [n for _, n in found]

    def next_name(self) -> str:
        """A fresh collection name for the next build."""
        built = self.generations()
        last = int(built[-1].rsplit("-g", 1)[1]) if built else 0
        return f"{self.name}-g{last + 1}"

    def switch(self, collection: str) -> None:
        """Point the alias at ``collection`` in one atomic server operation.

        An older install has a plain collection under the alias name: it is dropped first,
        the one moment readers can miss the index."""
        if self.target() is None and self.call(self.client.collection_exists, self.name):
            self.call(self.client.delete_collection, self.name)
        ops: list = [models.CreateAliasOperation(create_alias=models.CreateAlias(
            collection_name=collection, alias_name=self.name))]
        if self.target() is not None:
            ops.insert(0, models.DeleteAliasOperation(delete_alias=models.DeleteAlias(alias_name=self.name)))
        self.call(self.client.update_collection_aliases, change_aliases_operations=ops)

    def drop(self, collection: str) -> None:
        """Delete a collection that no alias serves any more (or a failed build)."""
        if collection != self.target():
            self.call(self.client.delete_collection, collection)
