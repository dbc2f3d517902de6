"""The shared definitions (definitions/ folder) as typed Python objects, and the schemas generated
from them. Nothing here reads data files."""

from woonzorg_analyse.definitions.loader import (
    EENHEDEN,
    LAGEN,
    STATUSSEN,
    Definitions,
    check_definitions,
    load_definitions,
)
from woonzorg_analyse.definitions.models import (
    Aandachtsgroep,
    Bron,
    Tabel,
    Veld,
    Verdeelsleutel,
    Woonvorm,
)

__all__ = [
    "EENHEDEN",
    "LAGEN",
    "STATUSSEN",
    "Aandachtsgroep",
    "Bron",
    "Definitions",
    "Tabel",
    "Veld",
    "Verdeelsleutel",
    "Woonvorm",
    "check_definitions",
    "load_definitions",
]
