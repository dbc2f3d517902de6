"""Extract: find raw files with their provenance, recognise and read them per source, download from CBS."""
