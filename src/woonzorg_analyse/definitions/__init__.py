"""The shared definitions (definitions/ folder) as typed Python objects, and the schemas generated
from them. Nothing here reads data files."""

from woonzorg_analyse.definitions.loader import (
    EENHEDEN,
    LAGEN,
    STATUSSEN,
    Aandachtsgroep,
    Bron,
    Definitions,
    Field,
    Table,
    check_definitions,
    load_definitions,
)

__all__ = [
    "EENHEDEN",
    "LAGEN",
    "STATUSSEN",
    "Aandachtsgroep",
    "Bron",
    "Definitions",
    "Field",
    "Table",
    "check_definitions",
    "load_definitions",
]
