"""The compared provinces are one setting (SHEGONG_PROVINCES): names, colours and titles follow it, and a wrong code
is refused with a sentence that names the setting."""
import pytest

from shegong import i18n, vocab
from shegong.ingest import demo
from shegong.schema import DataError


def test_titles_name_the_set_in_its_order(monkeypatch):
    monkeypatch.setenv("SHEGONG_PROVINCES", "370000, 410000,640000")
    assert vocab.provinces() == ("370000", "410000", "640000")
    assert vocab.places_phrase() == "山东、河南、宁夏" and vocab.provinces_count() == "3省"
    i18n.set_language("en")
    try:
        assert vocab.places_phrase() == "Shandong, Henan and Ningxia" and vocab.provinces_count() == "3 provinces"
    finally:
        i18n.set_language("zh")


def test_default_set_and_short_names(monkeypatch):
    monkeypatch.delenv("SHEGONG_PROVINCES", raising=False)
    assert vocab.places_phrase() == "河南、河北、宁夏、北京"
    assert [vocab.short_name(c) for c in ("640000", "650000", "450000", "100000", "410700")] == [
        "宁夏", "新疆", "广西", "全国", "新乡市"]


def test_each_province_its_own_colour_in_order(monkeypatch):
    monkeypatch.setenv("SHEGONG_PROVINCES", "410000,130000,640000,110000,370000")
    colours = [vocab.province_colour(c) for c in vocab.provinces()]
    assert len(set(colours)) == 5 and colours[0] == vocab.PALETTE[0]


@pytest.mark.parametrize("value, says", [("410000,999999", "999999 is not a province code"),
                                         ("190000", "190000 is not a province in data/regions.csv"),
                                         ("410100", "410100 is not a province code")])
def test_a_wrong_code_is_refused_naming_the_setting(monkeypatch, value, says):
    monkeypatch.setenv("SHEGONG_PROVINCES", value)
    with pytest.raises(ValueError, match="SHEGONG_PROVINCES") as e:
        vocab.provinces()
    assert says in str(e.value)


def test_a_bad_calibration_row_names_file_row_and_column(tmp_path):
    bad = tmp_path / "demo_calibration.csv"
    bad.write_text("kind,region_code,date,value,qualifier,detail,note\n"
                   "milestone,410000,2021-05-18,70,exact,,ok\n"
                   "milestone,410000,2021-12-08,many,exact,,bad\n", encoding="utf-8")
    with pytest.raises(DataError) as e:
        demo.calibration(bad)
    assert e.value.problems == ["demo_calibration.csv:3:value: 'many' is not a number"]
