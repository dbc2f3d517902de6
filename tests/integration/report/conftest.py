"""Fixtures shared by the report tests: the embedded example data, built and reported once."""

from __future__ import annotations

import shutil

import pytest

from tests.conftest import ROOT
from woonzorg_analyse.definitions import load_definitions
from woonzorg_analyse.paths import Paths
from woonzorg_analyse.pipeline import build
from woonzorg_analyse.report import generate_all


@pytest.fixture(scope="session")
def embedded(tmp_path_factory):
    """The whole embedded dataset (data/raw) built, with the report of every region (about two
    minutes on two cores): (paths, definitions, the result of generate_all). Read only."""
    root = tmp_path_factory.mktemp("embedded") / "project"
    shutil.copytree(ROOT / "definitions", root / "definitions")
    shutil.copytree(ROOT / "data" / "raw", root / "data" / "raw")
    paths = Paths.from_root(root)
    build(paths)
    result = generate_all(paths, jobs=2)
    return paths, load_definitions(paths.definitions), result
