"""One module per source: ``load(path, defs) -> DataFrame`` reads and renames, no network."""
