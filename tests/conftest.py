"""Shared fixtures: a warehouse built once from data/ into a temporary folder, used by every test."""
import os
import shutil
from pathlib import Path

import pytest

from shegong import DATA_DIR
from shegong.build import build


@pytest.fixture(scope="session")
def warehouse(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("warehouse") / "warehouse.duckdb"
    build(path, DATA_DIR)
    os.environ["SHEGONG_WAREHOUSE"] = str(path)
    return path


@pytest.fixture
def data_copy(tmp_path) -> Path:
    """A copy of data/'s source CSV files that a test may break."""
    folder = tmp_path / "data"
    folder.mkdir()
    for f in DATA_DIR.glob("*.csv"):
        shutil.copy(f, folder / f.name)
    return folder
