"""The bouwstenennotitie per region.

- ``chapters/``: one module per chapter; each selects from its report marts (``rpt__``) and
  returns tables, figures and text (:mod:`.model`);
- :mod:`.publish`: the publication layer every renderer takes its cell texts from;
- ``render/``: PDF (Typst), HTML, XLSX and the index page; they only format;
- :mod:`.writer`: writes one region's files atomically, or all regions in parallel;
- :mod:`.herkomst`: traces a printed cell back to its mart, SQL, definitions and raw rows.
"""

from woonzorg_analyse.report.writer import (
    FIGUREN,
    HTML,
    KERNCIJFERS,
    PDF,
    XLSX,
    Resultaat,
    connect,
    generate,
    generate_all,
    region_folder,
    regions,
    write_region,
)

__all__ = [
    "FIGUREN",
    "HTML",
    "KERNCIJFERS",
    "PDF",
    "XLSX",
    "Resultaat",
    "connect",
    "generate",
    "generate_all",
    "region_folder",
    "regions",
    "write_region",
]
