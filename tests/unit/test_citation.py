"""引用本图: one citation text from an exhibit's own metadata (title, publishers, newest date, address), zh and en."""
import datetime as dt

import pandas as pd

from shegong import i18n
from shegong.catalog.cite import cite
from shegong.catalog.registry import Exhibit

DAY = dt.date(2026, 12, 3)


def exhibit(publishers, title="乡镇(街道)社工站建设进度", **columns) -> Exhibit:
    full = pd.DataFrame({"publisher": publishers, **columns})
    return Exhibit("x.y", {}, None, full, full, title=title)


def test_citation_names_publishers_title_site_date_access_and_link():
    ex = exhibit(["河南省民政厅", "河北省民政厅", "河南省民政厅"], value=[1.0, 2.0, 3.0],
                 as_of=["2021-12", "2021-05", "2020"],
                 as_of_end=pd.to_datetime(["2021-12-31", "2021-05-31", "2020-12-31"]))
    assert cite(ex, "https://x.example/compare?indicator=stations_built", accessed=DAY) == (
        "河南省民政厅等，《乡镇(街道)社工站建设进度》，社工站数据看板，数据截至2021年12月，访问于2026-12-03，"
        "https://x.example/compare?indicator=stations_built")
    english = cite(ex, "", "en", DAY)
    assert english == ("河南省民政厅 et al., “乡镇(街道)社工站建设进度”, Shegong Dashboard, data as of Dec 2021, "
                       "accessed 2026-12-03")
    assert i18n.lang() == "zh"  # the language is given back


def test_one_publisher_no_et_al_and_records_dated_by_month():
    months = pd.to_datetime(["2025-11-01", "2025-12-01"])
    ex = exhibit([None, None], title="河南省<br>服务人次（演示数据）", month=months)
    assert cite(ex, "", accessed=DAY) == \
        "《河南省 服务人次（演示数据）》，社工站数据看板，数据截至2025年12月，访问于2026-12-03"
    one = exhibit(["中国社会报"], value=[1.0], as_of=["2022-01-04"], as_of_end=pd.to_datetime(["2022-01-04"]))
    assert cite(one, "", accessed=DAY).startswith("中国社会报，《")
