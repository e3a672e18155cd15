"""Bulletin → candidate figures: regions resolved to codes, Chinese numbers and units, qualifiers, indicators
(saving ticked candidates into a warehouse: tests/data/test_extract_saved.py)."""
import csv
import io
from pathlib import Path

import pytest

from shegong.__main__ import main as cli
from shegong.config import ROOT
from shegong.ingest import extract

# shared/ (someone else's text, never copied into the project) sits beside the work tree, on CI too
SEED = next((p for p in (ROOT.parent / "shared" / "data" / "seed_bulletin.txt",
                         Path("/work/shared/data/seed_bulletin.txt")) if p.is_file()),
            Path("/work/shared/data/seed_bulletin.txt"))

SHORT = """全国：
截至2022年6月30日,全国已建成乡镇(街道)社工站2.1万余个,驻站社工约5.3万人。

河北：
廊坊市今年建成社工站一百二十个,投入资金约1.5亿元。

宁夏：
中宁县在宁安镇、石空镇等地开展服务,联动志愿者300多人,服务群众超过1万人次。每个乡镇至少配备1名社会工作者。
"""


def rows(df):
    return {(r.region_code, r.indicator, r.value, r.qualifier) for r in df.itertuples()}


def test_short_bulletin_regions_units_and_qualifiers():
    found = extract.candidates(SHORT)
    assert rows(found) == {
        ("100000", "stations_built", "21000", "at_least"),
        ("100000", "social_workers_stationed", "53000", "approx"),
        ("131000", "stations_built", "120", "exact"),
        ("131000", "funding_cny", "150000000", "approx"),
        ("640521", "volunteers", "300", "at_least"),
        ("640521", "beneficiary_visits", "10000", "at_least"),  # 超过1万人次: person-times
    }  # the norm "每个乡镇至少配备1名" is not a figure; the listed towns are not the region
    national = found[found.region_code == "100000"].iloc[0]
    assert national.as_of == "2022-06-30"
    assert national.quote == "截至2022年6月30日,全国已建成乡镇(街道)社工站2.1万余个,驻站社工约5.3万人。"


COUNTY_AND_CITY = """河南：
2022年3月10日,省民政厅召开全省社工站建设推进会。
西峡县16个乡镇社工站全部建成并投入运行,36名社工驻站开展服务。
当年(2021年)洛阳市投入资金3200余万元,全市86个乡镇(街道)社工站挂牌运行。

宁夏：
吴忠市12个镇(街道)社会工作服务站已全部揭牌,58名专职社工常态化驻站。
盐池县8个乡镇社工站将于年底前建成,在5个乡镇开展服务。
"""


def test_count_before_the_station_or_the_social_workers_county_and_city():
    found = extract.candidates(COUNTY_AND_CITY)
    assert rows(found) == {
        ("411323", "stations_built", "16", "exact"),              # 西峡县16个乡镇社工站全部建成
        ("411323", "social_workers_stationed", "36", "exact"),    # 36名社工驻站
        ("410300", "funding_cny", "32000000", "at_least"),
        ("410300", "stations_built", "86", "exact"),              # 86个乡镇(街道)社工站挂牌运行
        ("640300", "stations_built", "12", "exact"),              # 12个镇(街道)社会工作服务站已全部揭牌
        ("640300", "social_workers_stationed", "58", "exact"),    # 58名专职社工常态化驻站
    }  # 盐池县's stations are a plan (将于年底前建成); "5个乡镇" counts townships, not stations


def test_a_sentences_own_date_wins_over_an_earlier_paragraphs():
    found = extract.candidates(COUNTY_AND_CITY).set_index(["region_code", "indicator"]).as_of
    assert found["411323", "stations_built"] == "2022-03-10"   # no date of its own: the meeting's
    assert found["410300", "funding_cny"] == "2021"            # 当年(2021年): the year, not 2021-03-10
    assert found["410300", "stations_built"] == "2021"
    own_month = extract.candidates("河北：\n12月14日,省政府召开发布会。\n2021年5月,保定市建成社工站5个。\n")
    assert own_month.as_of.tolist() == ["2021-05"]


def test_cli_prints_csv(tmp_path, capsys):
    f = tmp_path / "b.txt"
    f.write_bytes(SHORT.encode("gbk"))
    assert cli(["extract", str(f)]) == 0
    out = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert out[0] == ["region_code", "indicator", "value", "qualifier", "as_of", "quote", "source_title",
                      "source_publisher", "source_published", "source_url"]
    assert ["131000", "funding_cny", "150000000", "approx"] in [r[:4] for r in out[1:]]


def test_binary_file_is_refused(tmp_path, capsys):
    f = tmp_path / "b.bin"
    f.write_bytes(b"\x00\x01\x02PK")
    assert cli(["extract", str(f)]) == 2
    assert "is not a text file" in capsys.readouterr().err


@pytest.mark.skipif(not SEED.exists(), reason=f"the seed bulletin is not on this machine ({SEED})")
def test_seed_bulletin_gives_the_published_figures():
    found = rows(extract.candidates(SEED.read_text(encoding="utf-8")))
    expected = {
        ("410000", "stations_built", "515", "exact"),
        ("410000", "funding_cny", "89466600", "exact"),
        ("410000", "social_workers_stationed", "1000", "at_least"),
        ("130000", "stations_built", "126", "exact"),
        ("130000", "funding_cny", "18000000", "at_least"),
        ("130000", "social_orgs_cultivated", "1600", "at_least"),
        ("130000", "volunteers", "6000", "at_least"),
        ("130000", "beneficiaries_served", "20000", "at_least"),
        ("640105", "households_served", "600", "at_least"),
        ("640105", "volunteers", "100", "at_least"),
    }
    assert expected <= found, expected - found
    assert not any(r[0] == "110000" for r in found)  # Beijing's plan states norms ("每个区至少1家"), not figures
    dated = extract.candidates(SEED.read_text(encoding="utf-8")).set_index(["region_code", "indicator"]).as_of
    assert dated["130000", "funding_cny"] == "2021"             # 全年投入: a figure of the year, as in figures.csv
    assert dated["410000", "stations_built"] == "2021-12-08"    # 今年以来 … 515个: of the meeting's day
