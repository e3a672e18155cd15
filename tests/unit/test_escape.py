"""The escaping helpers (shegong/escape.py): hostile strings come out as text for each destination."""
import json

from shegong import escape

HOSTILE = ["<!--<script>", "</script>", "[点此](http://evil.example)", "![x](http://evil.example/p.png)",
           '<span style="font-size:48px;color:red">数据作废</span>', ":red[作废] :material/warning: $x$", "# 标题",
           "- 列表", "<a href='http://evil.example'>x</a>", "a\u2028b", "**粗**", "www.evil.example", "&lt;b&gt;",
           "| a | b |", "`code`", "~~删~~"]


def unescaped_punctuation(text: str) -> list[str]:
    """Characters that open markup in CommonMark, GFM or Streamlit (links, images, emphasis, code, HTML, entities,
    headings, tables, directives, LaTeX, www. autolinks, list markers) that are not backslash-escaped."""
    out, i = [], 0
    while i < len(text):
        if text[i] == "\\":
            i += 2
            continue
        if text[i] in "`*_{}[]<>#!|~$&^=\"" or (text[i] == "." and text[i - 1:i] in ("w", "W")) or (
                text[i] == ":" and text[i + 1:i + 2].strip()) or (
                i == 0 and text[i] in "-+"):
            out.append(text[i])
        i += 1
    return out


def test_markdown_escapes_every_construct():
    for s in HOSTILE:
        out = escape.md(s)
        assert unescaped_punctuation(out) == [], (s, out)
        assert "\n" not in out and "\u2028" not in out  # no line can start a block
    assert escape.md("乡镇(街道)社工站 8,946.66万元") == "乡镇(街道)社工站 8,946.66万元"  # reads the same
    assert escape.md("Hebei: People served") == "Hebei: People served"
    assert escape.md("89.4666 million yuan") == "89.4666 million yuan"
    assert escape.md("1. 列表") == "1\\. 列表" and escape.md("www.evil.example") == "www\\.evil.example"


def test_links_only_from_validated_http_urls():
    assert escape.md_link("来源", "https://mca.gov.cn/a?b=1") == "[来源](https://mca.gov.cn/a?b=1)"
    for bad in ("javascript:alert(1)", "http://a b", 'http://x"onmouseover=', "ftp://x", "http://u:p@x", "//x", ""):
        assert escape.md_link("来源", bad) == "来源"
    assert escape.md_link("[x](http://evil)", "https://ok.example") == r"[\[x\](http\://evil)](https://ok.example)"


def test_plotly_text_has_no_tags():
    out = escape.plotly('<span style="font-size:48px">数据作废</span> a<b & <br>c')
    assert out == "数据作废 a&lt;b &amp; c"
    assert "<" not in escape.plotly("<a href='http://x'>x</a><img src=x>")


def test_a_hovertemplate_field_from_data_cannot_pull_in_another():
    assert escape.plotly_template("项目%{customdata[1]}<b>") == "项目%&#123;customdata[1]}"


def test_json_island_cannot_end_or_bend_a_script():
    text = escape.json_island({"t": "<!--<script></script>&\u2028"})
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == {"t": "<!--<script></script>&\u2028"}
