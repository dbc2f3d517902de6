"""woonzorg-analyse: reproducible woonzorganalyse and bouwstenennotitie per woondealregio."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("woonzorg-analyse")
except PackageNotFoundError:  # running from a source tree without installation
    __version__ = "0.0.0+onbekend"
