"""How the importer reads a cell: Chinese numbers with their units and qualifiers (余/超过/约), dates and months in
the ways people write them; what it cannot read is None, never a guess."""
from shegong.ingest import importer


def test_number_and_date_reading():
    from decimal import Decimal

    assert importer.parse_number("8946.66万") == (Decimal("89466600"), None)
    assert importer.parse_number("2.1万余") == (Decimal("21000"), "at_least")
    assert importer.parse_number("超过1000人") == (Decimal(1000), "at_least")
    assert importer.parse_number("约2.49亿元") == (Decimal("249000000"), "approx")
    assert importer.parse_number("１，２３４") == (Decimal(1234), None)
    assert importer.parse_number("一千二百") == (Decimal(1200), None)
    assert importer.parse_number("abc") == (None, None)
    assert importer.parse_date("2021年12月8日") == "2021-12-08"
    assert importer.parse_date("2021/12/08") == "2021-12-08"
    assert importer.parse_date("2021年2月30日") is None
    assert importer.parse_month("2021年9月") == "2021-09"
    assert importer.parse_month("2021-13") is None
