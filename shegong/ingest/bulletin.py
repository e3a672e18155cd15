"""A bulletin in the format its publisher used — a saved web page, a PDF, a Word file or plain text — as text plus
what the page says about itself (title, publisher, date, link), for the extractor (shegong.ingest.extract).

Government sites put the article between navigation, a header and a footer full of numbers of their own (visitor
counts, other headlines): a web page keeps only its article (<article>, else <main>, else the block with the most
paragraph text), and reads title, publisher, date and link from the meta tags Chinese government CMSs and Open Graph
write (ArticleTitle, SiteName/ContentSource, PubDate, og:*; <link rel=canonical>). A PDF is read from its text layer
(pypdf): a scan without one says so, instead of finding nothing. Word (.docx) is read paragraph by paragraph, tables
included (python-docx).
"""
from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass

import pandas as pd

SOURCE_FIELDS = ("source_title", "source_publisher", "source_published", "source_url")
DROP_TAGS = ("script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form", "iframe", "svg",
             "button", "select")
BLOCK_TAGS = ("p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section", "article", "table",
              "blockquote", "pre", "dd", "dt")
NAV_HINT = re.compile(r"(^|[-_ ])(nav|menu|breadcrumb|crumb|footer|header|sidebar|share|related|copyright|toolbar)"
                      r"($|[-_ ])", re.I)
META = {  # meta names (lower case) for each field, most specific first
    "title": ("articletitle", "og:title", "twitter:title", "title"),
    "publisher": ("contentsource", "sitename", "og:site_name", "publisher", "author", "article:author"),
    "published": ("pubdate", "publishdate", "article:published_time", "og:published_time", "date", "dc.date",
                  "firstpublishedtime", "publish_time"),
    "url": ("og:url", "url"),
}
SCAN_MIN_CHARS = 20  # fewer characters of text than this in a whole PDF: a scan


class BulletinError(ValueError):
    """The file cannot be read as a bulletin; the message names the file and says why, for the person who gave it."""


@dataclass
class Bulletin:
    text: str
    kind: str = "text"            # text / html / pdf / docx
    title: str = ""
    publisher: str = ""
    published: str = ""           # as the page gives it, normalised to YYYY-MM-DD when it is a date
    url: str = ""

    def source(self) -> dict[str, str]:
        """The page's own title, publisher, date and link, as the figures import's source columns."""
        return dict(zip(SOURCE_FIELDS, (self.title, self.publisher, self.published, self.url)))


def kind_of(name: str, data: bytes) -> str:
    """By content first (a .txt that is really a PDF is read as a PDF), then by the name's ending."""
    head = data[:2048].lstrip()
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                if "word/document.xml" in z.namelist():
                    return "docx"
        except zipfile.BadZipFile:
            pass
        return "zip"
    if re.match(rb"(\xef\xbb\xbf)?\s*<(!doctype html|html|head|meta|body|article)", head, re.I) or \
            name.lower().endswith((".html", ".htm", ".xhtml", ".shtml")):
        return "html"
    return "text"


def decode(name: str, data: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" not in text:
            return text
    raise BulletinError(f"{name}:1:-: is not a text file (UTF-8 or GBK), a web page (.html), a PDF or a Word file "
                        f"(.docx)")


def _date(text: str) -> str:
    """2021-12-08 10:00:00, 2021年12月8日, 2021/12/08 → 2021-12-08; anything else as given."""
    m = re.search(r"(20\d\d|19\d\d)\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})", text or "")
    return f"{m[1]}-{int(m[2]):02d}-{int(m[3]):02d}" if m else (text or "").strip()


def _block_text(el) -> str:
    """The text of an element with block elements on lines of their own (as a reader sees the paragraphs)."""
    parts: list[str] = []

    def walk(node):
        tag = node.tag if isinstance(node.tag, str) else ""
        if tag in BLOCK_TAGS:
            parts.append("\n")
        if node.text and tag:
            parts.append(node.text)
        for child in node:
            walk(child)
            if child.tail:
                parts.append(child.tail)
        if tag in BLOCK_TAGS:
            parts.append("\n")

    walk(el)
    lines = (re.sub(r"[ \t\r\f\v\u3000\xa0]+", " ", line).strip() for line in "".join(parts).split("\n"))
    return "\n".join(line for line in lines if line)


def _is_chrome(el) -> bool:
    """Navigation, menus, breadcrumbs, footers by class, id or role (sites rarely use <nav> itself)."""
    hint = " ".join(filter(None, (el.get("class"), el.get("id"), el.get("role"))))
    return bool(hint) and (NAV_HINT.search(hint) is not None or el.get("role") in ("navigation", "banner",
                                                                                      "contentinfo"))


def read_html(name: str, data: bytes) -> Bulletin:
    import lxml.html

    try:
        doc = lxml.html.document_fromstring(decode(name, data))
    except Exception as e:  # lxml's parser errors name no line a clerk could use
        raise BulletinError(f"{name}:1:-: cannot be read as a web page ({type(e).__name__})") from None
    meta: dict[str, str] = {}
    for m in doc.iter("meta"):
        key = (m.get("name") or m.get("property") or m.get("itemprop") or "").strip().lower()
        if key and m.get("content") and key not in meta:
            meta[key] = m.get("content").strip()
    found = {f: next((meta[k] for k in keys if meta.get(k)), "") for f, keys in META.items()}
    if not found["title"]:
        found["title"] = (doc.findtext(".//title") or "").strip()
    if not found["url"]:
        canonical = doc.xpath("//link[@rel='canonical']/@href")
        found["url"] = canonical[0].strip() if canonical else ""
    if not re.match(r"https?://", found["url"]):
        found["url"] = ""  # a saved page's own file path is not a link a reader can follow
    for el in list(doc.iter(*DROP_TAGS)):
        el.drop_tree()
    for el in [e for e in doc.iter() if isinstance(e.tag, str) and e.tag not in ("html", "body") and _is_chrome(e)]:
        if el.getparent() is not None:
            el.drop_tree()
    body = next((el for el in (doc.find(".//article"), doc.find(".//main")) if el is not None), None)
    if body is None:  # the block holding the most paragraph text
        scores: dict = {}
        for p in doc.iter("p"):
            parent = p.getparent()
            if parent is not None:
                scores[parent] = scores.get(parent, 0) + len(p.text_content().strip())
        body = max(scores, key=scores.get) if scores else doc
    text = _block_text(body)
    title = found["title"]
    return Bulletin(text, "html", title, found["publisher"], _date(found["published"]), found["url"])


def read_pdf(name: str, data: bytes) -> Bulletin:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        pages = [page.extract_text() or "" for page in reader.pages]
        info = reader.metadata or {}
    except (PdfReadError, ValueError, KeyError, OSError) as e:
        raise BulletinError(f"{name}:1:-: cannot be read as a PDF ({e})") from None
    text = "\n".join(pages)
    if len(re.sub(r"\s", "", text)) < SCAN_MIN_CHARS:
        raise BulletinError(f"{name}:1:-: is a scanned PDF without a text layer ({len(pages)} pages of images): "
                            f"no figures can be read from it. Run it through OCR, or copy the text from the "
                            f"publisher's web page")
    title = str(info.get("/Title") or "").strip()
    return Bulletin(text, "pdf", title, str(info.get("/Author") or "").strip())


def read_docx(name: str, data: bytes) -> Bulletin:
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as e:  # python-docx raises several kinds for a damaged package
        raise BulletinError(f"{name}:1:-: cannot be read as a Word file ({type(e).__name__})") from None
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.append(" ".join(c.text for c in row.cells))
    core = document.core_properties
    published = core.created.date().isoformat() if core.created else ""
    return Bulletin("\n".join(lines), "docx", (core.title or "").strip(), (core.author or "").strip(), published)


def read(name: str, data: bytes) -> Bulletin:
    """A bulletin from a file's bytes; BulletinError with a plain message when it cannot be read."""
    kind = kind_of(name, data)
    if kind == "pdf":
        return read_pdf(name, data)
    if kind == "docx":
        return read_docx(name, data)
    if kind == "html":
        return read_html(name, data)
    if kind == "zip":
        raise BulletinError(f"{name}:1:-: is a ZIP archive, not a Word file (.docx); old Word .doc files: save as "
                            f".docx first")
    return Bulletin(decode(name, data))


def candidates(bulletin: Bulletin) -> pd.DataFrame:
    """The extractor's candidates, each with the page's title, publisher, date and link beside its quote."""
    from shegong.ingest import extract

    found = extract.candidates(bulletin.text)
    for column, value in bulletin.source().items():
        found[column] = value
    return found
