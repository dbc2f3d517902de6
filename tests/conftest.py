"""Shared fixtures: the project's definitions and a miniature project in a temporary folder."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from woonzorg_analyse.definitions import Definitions, load_definitions

ROOT = Path(__file__).resolve().parents[1]
MINI_RAW = ROOT / "tests" / "integration" / "data" / "mini" / "raw"


@pytest.fixture(scope="session")
def defs() -> Definitions:
    """The project's own definitions (definitions/ is configuration, not data)."""
    return load_definitions(ROOT / "definitions")


def make_mini_project(target: Path) -> Path:
    """Copy the definitions and the miniature raw data (koploperregio Hart van Brabant) to
    ``target`` and return it; build with ``Paths.from_root(target)``."""
    shutil.copytree(ROOT / "definitions", target / "definitions")
    shutil.copytree(MINI_RAW, target / "data" / "raw")
    (target / "data" / "processed").mkdir(parents=True)
    return target


@pytest.fixture
def mini_project(tmp_path: Path) -> Path:
    """A fresh miniature project (not yet built) in a temporary folder."""
    return make_mini_project(tmp_path / "project")


def pytest_collection_modifyitems(config, items):
    """Mark every test below tests/integration/ as an integration test (``-m "not integration"``
    runs the unit tests alone); the slow ones carry ``slow`` in their module."""
    integration = Path(__file__).parent / "integration"
    for item in items:
        if Path(str(item.fspath)).is_relative_to(integration):
            item.add_marker(pytest.mark.integration)
