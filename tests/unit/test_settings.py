"""Settings an operator types: a wrong value is refused by name, not taken as something else."""
import pytest

from shegong import config


@pytest.mark.parametrize("raw,seconds", [("", 60), ("5", 5), ("300", 300), (" 120 ", 120)])
def test_wall_refresh_reads_seconds(monkeypatch, raw, seconds):
    monkeypatch.setenv("SHEGONG_WALL_REFRESH", raw)
    assert config.wall_refresh() == seconds


@pytest.mark.parametrize("raw", ["4", "301", "1m", "-5", "0"])
def test_wall_refresh_refuses_what_a_wall_cannot_use(monkeypatch, raw):
    monkeypatch.setenv("SHEGONG_WALL_REFRESH", raw)
    with pytest.raises(ValueError, match="SHEGONG_WALL_REFRESH"):
        config.wall_refresh()
