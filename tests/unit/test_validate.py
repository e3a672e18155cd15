"""Each kind of bad source file gets one clear line naming file, row and column."""
import pytest

from shegong.ingest.validate import ValidationError, read_sources


def problems(data_dir):
    with pytest.raises(ValidationError) as e:
        read_sources(data_dir)
    return e.value.problems


def test_the_shipped_data_is_valid(data_copy):
    tables = read_sources(data_copy)
    assert set(tables) == {"regions", "sources", "indicators", "figures", "targets"}


def test_missing_and_unexpected_columns(data_copy):
    p = data_copy / "sources.csv"
    p.write_text(p.read_text(encoding="utf-8").replace("source_id,title,", "source,title,", 1), encoding="utf-8")
    found = problems(data_copy)
    assert "sources.csv:1:source_id: missing column" in found
    assert any(x.startswith("sources.csv:1:source: unexpected column") for x in found)


def test_not_utf8(data_copy):
    (data_copy / "indicators.csv").write_bytes("indicator,label_zh\nx,社工站\n".encode("gbk"))
    assert problems(data_copy)[0].startswith("indicators.csv:2:-: is not UTF-8 text")


def test_empty_and_binary_files(data_copy):
    (data_copy / "targets.csv").write_bytes(b"")
    (data_copy / "sources.csv").write_bytes(b"\x00\x01\x02PK")
    found = problems(data_copy)
    assert any(x.startswith("targets.csv:1:-: is empty") for x in found)
    assert "sources.csv:1:-: looks like a binary file, not a CSV" in found


def test_duplicate_key_and_bad_url(data_copy):
    p = data_copy / "sources.csv"
    lines = p.read_text(encoding="utf-8").splitlines()
    lines.append(lines[1])  # S001 again
    lines.append("S999,标题,Title,,,official_media,2021-12,ftp://example.org/x,")
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    found = problems(data_copy)
    n = len(lines)
    assert any(x.startswith(f"sources.csv:{n - 1}:source_id: duplicate") for x in found)
    assert f"sources.csv:{n}:url: 'ftp://example.org/x' is not an http(s) URL" in found


def test_wrong_number_of_cells(data_copy):
    p = data_copy / "indicators.csv"
    p.write_text(p.read_text(encoding="utf-8") + "broken,only two\n", encoding="utf-8")
    n = len(p.read_text(encoding="utf-8").splitlines())
    assert f"indicators.csv:{n}:-: has 2 cells, the header has 13" in problems(data_copy)


def test_public_face_of_a_source_has_no_research_words_and_a_known_kind(data_copy):
    """What a reader sees (title, publisher, public notes) carries no "reposted"/"via"/"citing": those go in
    research_note, which may say anything."""
    p = data_copy / "sources.csv"
    lines = p.read_text(encoding="utf-8").splitlines()
    lines.append("S998,某报道 (中国社会报 via 某网站),A report,中国社会报,China Society News,blog,2021-12,,"
                 "\"copied via a mirror site, citing the paper\"")
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    f = data_copy / "figures.csv"
    figures = f.read_text(encoding="utf-8").splitlines()
    figures.append("410000,stations_built,1,exact,2020,stock,S001,全省社工站数。,Stations (reposted).,via a repost")
    f.write_text("\n".join(figures) + "\n", encoding="utf-8")
    found = problems(data_copy)
    n, m = len(lines), len(figures)
    assert any(x.startswith(f"sources.csv:{n}:title: ") and "'via'" in x for x in found)
    assert (f"sources.csv:{n}:kind: 'blog' is not one of gov_bulletin, gov_document, official_media, other_media, "
            "repost") in found
    assert any(x.startswith(f"figures.csv:{m}:note_en: ") and "'reposted'" in x for x in found)
    assert not [x for x in found if ":research_note:" in x or f"figures.csv:{m}:note_zh" in x]


def test_shipped_public_text_is_in_the_reader_language(data_copy):
    """Chinese pages show title, publisher and note_zh: they are Chinese (an English-language source says （英文）)."""
    tables = read_sources(data_copy)
    han = r"[\u4e00-\u9fff]"
    src = tables["sources"]
    assert src["title"].str.contains(han).all()
    assert src.loc[src["publisher"] != "", "publisher"].str.contains(han).all()
    for name in ("figures", "targets"):
        t = tables[name]
        assert t["note_zh"].str.contains(han).all(), name
        assert not t["note_en"].str.contains(han).any(), name


def test_indicator_measures_and_denominator_are_checked(data_copy):
    """What the compare page may show of an indicator is data: an unknown measure, or coverage without the
    indicator it is a share of, is refused with the row and column."""
    p = data_copy / "indicators.csv"
    lines = p.read_text(encoding="utf-8").splitlines()
    row = next(i for i, line in enumerate(lines) if line.startswith("stations_built,"))
    lines[row] = lines[row].replace("as_published|coverage,township_level_units", "as_published|coverage,")
    lines[row + 1] = lines[row + 1].replace(",as_published,", ",per_capita,")
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    found = problems(data_copy)
    assert any(f"indicators.csv:{row + 1}:coverage_denominator: is empty" in x for x in found)
    assert any(f"indicators.csv:{row + 2}:measures: 'per_capita'" in x for x in found)
