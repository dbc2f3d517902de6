"""Fixtures shared by the report tests: the embedded example data, built and reported once."""

from __future__ import annotations

import shutil

import pytest

from tests.conftest import ROOT, once
from woonzorg_analyse.definitions import load_definitions
from woonzorg_analyse.paths import Paths
from woonzorg_analyse.pipeline import build
from woonzorg_analyse.report import generate_all


@pytest.fixture(scope="session")
def embedded(tmp_path_factory):
    """The whole embedded dataset (data/raw) built, with the report of every region (about two
    minutes on two cores), made once per test run (:func:`tests.conftest.once`): (paths,
    definitions, the result of generate_all). Read only."""

    def make(folder):
        root = folder / "project"
        shutil.copytree(ROOT / "definitions", root / "definitions")
        shutil.copytree(ROOT / "data" / "raw", root / "data" / "raw")
        paths = Paths.from_root(root)
        build(paths)
        return paths, generate_all(paths, jobs=2)

    paths, result = once(tmp_path_factory, "embedded", make)
    return paths, load_definitions(paths.definitions), result
