"""Text from data/ or an import is data, never markup: one escaping function per place text goes, all here.

Every string a clerk, a bulletin or a CSV file supplied (titles, publishers, notes, labels, names) passes through the
function for where it is written, so a source title cannot put a link, an outside image or 48-px red text on a page,
a chart or a baked snapshot:

- `md`: Streamlit markdown (st.markdown, st.caption, st.info, metric labels and help …): every character that can
  open markup backslash-escaped (CommonMark allows it for any ASCII punctuation), so no link, image, emphasis,
  heading, list, quote, table, HTML, entity, autolink (http://, www.), colour directive (:red[…]), icon
  (:material/…:) or LaTeX ($…$) can start; line breaks become spaces. Parentheses, commas and full stops stay as
  they are (without [ or www. they make nothing), so 乡镇(街道) reads the same in the source. `md_link` makes the one
  kind of link data may have: a validated http(s) URL field, with escaped text.
- `plotly`: plotly's HTML subset (titles, annotations, hover text, tick labels, table cells): its tags are removed
  and < > & written as entities, which plotly shows as the characters.
- `html_text` / `html_attr`: HTML of the baked pages.
- `json_island`: JSON inside <script type="application/json">: every < > & (and U+2028/9) as \\uXXXX, so neither
  </script> nor <!--<script> can end or bend the script element.
- `safe_url`: an http(s) URL without spaces, quotes, angle brackets or credentials, else None.
"""
from __future__ import annotations

import html
import json
import re
from urllib.parse import urlsplit

# a colon opens a directive (:red[…], :material/…:, :smile:) or a scheme (http:) only before a non-space
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#!|~$&^=\"]|:(?=\S))|(?<=[wW])(\.)")
_MD_LEADING = re.compile(r"^(\s*)([-+*]|\d+[.)])(?=\s|$)")  # a list marker: followed by a space
_PLOTLY_TAG = re.compile(r"</?\s*(?:a|b|i|em|strong|sup|sub|span|br|s|u|extra)\b[^<>]*>", re.IGNORECASE)


def md(text) -> str:
    """Text shown literally in Streamlit markdown; line breaks become spaces (a line cannot start a block)."""
    s = "" if text is None else str(text)
    s = re.sub(r"[\r\n\u2028\u2029]+", " ", s)
    s = _MD_SPECIAL.sub(lambda m: "\\" + (m[1] or m[2]), s)
    return _MD_LEADING.sub(lambda m: m[1] + m[2][:-1] + "\\" + m[2][-1], s)  # "1. " or "- " would start a list


def safe_url(url) -> str | None:
    """An http(s) URL fit to link to (no spaces, quotes, angle brackets, backslashes or user:password@), else None."""
    s = "" if url is None else str(url).strip()
    if not s or re.search(r"[\s\"'<>\\`\x00-\x1f\x7f]", s):
        return None
    try:
        parts = urlsplit(s)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname or "@" in parts.netloc:
        return None
    return s


def md_link(text, url) -> str:
    """[text](url) in markdown when url is a safe http(s) URL, else the text alone; the text is escaped."""
    u = safe_url(url)
    if not u:
        return md(text)
    return f"[{md(text)}]({u.replace('(', '%28').replace(')', '%29')})"


def plotly_untagged(text) -> str:
    """The text without plotly's tags (<span style=…>, <a href=…>, <br> …), not yet escaped: for code that measures
    or wraps text before escaping each piece with `plotly`."""
    return _PLOTLY_TAG.sub("", "" if text is None else str(text))


def plotly(text) -> str:
    """Text shown literally by plotly (its tags dropped, < > & as entities)."""
    return html.escape(plotly_untagged(text), quote=False)


def plotly_template(text) -> str:
    """Text inside a plotly hovertemplate: as `plotly`, and a %{…} from data cannot pull in another field."""
    return plotly(text).replace("%{", "%&#123;")


def html_text(text) -> str:
    return html.escape("" if text is None else str(text), quote=False)


def html_attr(text) -> str:
    return html.escape("" if text is None else str(text), quote=True)


def json_island(value) -> str:
    """JSON for a <script type="application/json"> element: nothing in it can close or re-open a script."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))
