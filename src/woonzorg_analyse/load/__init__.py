"""Load: the choke point that writes validated tables, and the DuckDB warehouse with its SQL tiers."""
