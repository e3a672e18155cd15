"""Shared fixtures: the provinces-scale demo dataset and a warehouse built from data/ plus that demo, once."""
import os
import shutil
from pathlib import Path

import pytest

from shegong import DATA_DIR
from shegong.build import build
from shegong.demo import generate


@pytest.fixture(scope="session")
def demo_dir(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("demo")
    generate("provinces", 1, out)
    return out


@pytest.fixture(scope="session")
def warehouse(tmp_path_factory, demo_dir) -> Path:
    path = tmp_path_factory.mktemp("warehouse") / "warehouse.duckdb"
    build(path, DATA_DIR, demo_dir)
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
