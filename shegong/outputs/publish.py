"""Bake the public site: static HTML pages of the catalog's exhibits, their downloads and an embed page for each chart.

The live dashboard holds a websocket and reruns Python for every visitor; a news spike needs a site that costs the
server nothing per visitor. As Our World in Data serves pre-built chart pages (and Evidence builds a static site
from SQL), this writes every public page once — overview, compare (one page per indicator with a published series),
one page per province, funding, people served, sources — in Chinese with an English twin under en/. Each chart is
drawn in the browser by plotly.js served from the site, with its PNG, SVG, CSV and XLSX beside it (rendered by
the same exports as the download buttons) and a small page to put in an <iframe>. Filters become links between
baked variants. Nothing is fetched from another host: plotly.js and the boundary GeoJSON are files of the site
with content-hashed names, plotly's world topojson is the empty stub, and every link is relative, so the folder
works from any path of any static host.

Only published figures and real imported records go in: the site is baked from a warehouse built without demo
records, unless --demo is given (then every demo exhibit says 演示数据, as everywhere).
"""
from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import html
import json
import os
import posixpath
import re
import shutil
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

from shegong import config, escape, i18n, vocab
from shegong.i18n import t

TEMPLATES = Path(__file__).with_name("publish_templates")
TZ = ZoneInfo("Asia/Shanghai")
IMAGE_FORMATS = ("png", "svg")
DATA_FORMATS = ("csv", "xlsx")
FORMATS = IMAGE_FORMATS + DATA_FORMATS
PHONE_WIDTH = 374  # px: a chart's width on a 390 px phone (main's 0.5rem padding each side, site.css)
TABLE_ROWS = 200  # a table on a page shows at most this many rows; its CSV and XLSX have all
SNAPSHOT_FILE = "snapshot.json"
DEMO_WORD = "演示数据"
GZIP_SUFFIXES = (".html", ".js", ".css", ".geojson", ".json", ".svg", ".csv")


# --- what the live dashboard shows about the snapshot -------------------------------------------------------------

def snapshot_note() -> str | None:
    """Markdown for the live dashboard: a link to the snapshot (SHEGONG_SNAPSHOT_URL) and, when the baked folder is
    readable here (SHEGONG_SNAPSHOT_DIR), when it was baked. None when no snapshot is configured."""
    url = config.snapshot_url()
    if not url:
        return None
    baked = ""
    folder = config.snapshot_dir()
    if folder:
        try:
            info = json.loads((Path(folder) / SNAPSHOT_FILE).read_text(encoding="utf-8"))
            baked = t("（生成于{time}）", time=info["baked_at_text"])
        except (OSError, ValueError, KeyError):
            pass
    target = url.rstrip("/") + ("/en/index.html" if i18n.en() else "/index.html")
    return t("[静态快照]({url}){baked}：可嵌入的图表，访问量大时也很快", url=target, baked=baked)


# --- the site's files ---------------------------------------------------------------------------------------------

def page_translations() -> None:
    """The English of the texts the snapshot shares with the dashboard's pages, read from their i18n.add calls
    (pages/*.py run Streamlit when imported; their dictionaries are plain literals)."""
    import ast

    from shegong.config import ROOT

    for name in ("province", "funding", "beneficiaries"):
        tree = ast.parse((ROOT / "pages" / f"{name}.py").read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "add"
                    and node.args and isinstance(node.args[0], ast.Dict)):
                i18n.add(ast.literal_eval(node.args[0]))


def _hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:10]


def rel(from_page: str, to_path: str) -> str:
    """A relative link from one site path (e.g. en/compare/x.html) to another (assets/plotly.abc.js)."""
    return posixpath.relpath(to_path, posixpath.dirname(from_page) or ".")


def slug_of(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", text).strip("_")


ESCAPED = 0xF0000  # a backslash-escaped character (escape.md) is held in the private-use plane while markup is read


def inline_md(text: str) -> str:
    """**bold** and [text](url) of the dashboard's captions as HTML, everything else escaped: data text arrives
    backslash-escaped (escape.md), so its [, ], *, ( stay characters; a link needs a validated http(s) URL."""
    held = re.sub(r"\\([!-/:-@\[-`{-~])", lambda m: chr(ESCAPED + ord(m[1])), text)
    out = html.escape(held, quote=False)
    out = re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", out)

    def link(m):
        url = escape.safe_url(m.group(2).replace("&amp;", "&"))
        return f'<a href="{escape.html_attr(url)}" rel="noopener">{m.group(1)}</a>' if url else m.group(1)
    out = re.sub(r"\[([^\]]+)\]\((https?://[^)\s]+)\)", link, out)
    return re.sub("[\U000F0021-\U000F007E]", lambda m: escape.html_text(chr(ord(m[0]) - ESCAPED)), out)


@dataclass
class Block:
    """One thing on a page: a heading, a paragraph, a row of filter links, a note box, 本期要点, the provinces' cards
    (catalog.overview.Summary), or an exhibit."""
    kind: str                      # h2 / p / links / box / brief / cards / exhibit
    text: str = ""
    tone: str = ""                 # box: good / bad / neutral / demo
    links: list = field(default_factory=list)   # (label, site path, current?)
    items: list = field(default_factory=list)   # brief: (place, statements, references) per region, Markdown-light
    #                                             text as `text`; cards: a catalog.overview.Summary per province
    exhibit: object = None


@dataclass
class Page:
    path: str                      # site path in the Chinese tree, e.g. province/410000.html
    section: str                   # which navigation entry is current
    title: str
    blocks: list[Block]
    live: str = ""                 # the live dashboard's page and query for this page


def exhibit_hash(exhibit) -> str:
    """What an exhibit shows — data, title, subtitle, sources, notes, the drawn figure — as a short hash: equal hashes
    mean its page block, downloads and embed page would be baked byte for byte as before (but for the bake time)."""
    import plotly.io as pio

    from shegong.outputs.render import COPYING

    h = hashlib.sha256()
    for part in (exhibit.id, json.dumps(exhibit.params, sort_keys=True), exhibit.title, exhibit.subtitle,
                 "\n".join(exhibit.sources), "\n".join(exhibit.notes), str(exhibit.demo),
                 exhibit.displayed.to_csv(index=False), exhibit.full.to_csv(index=False)):
        h.update(part.encode("utf-8") + b"\0")
    if exhibit.figure is not None:
        with COPYING:
            h.update(pio.to_json(exhibit.figure, validate=False).encode("utf-8"))
    return h.hexdigest()[:16]


class Baker:
    def __init__(self, out: Path, demo: bool, langs: tuple[str, ...], live_url: str | None,
                 provinces: tuple[str, ...], formats: tuple[str, ...], previous: Path | None = None):
        self.out, self.demo, self.langs, self.live_url = Path(out), demo, langs, (live_url or "").rstrip("/")
        self.provinces, self.formats = provinces, formats
        # the snapshot this one replaces: pages and exhibits whose hashes are unchanged are copied from it
        self.previous = Path(previous) if previous else None
        self.old: dict = {}
        if self.previous is not None:
            try:
                self.old = json.loads((self.previous / SNAPSHOT_FILE).read_text(encoding="utf-8"))
            except (OSError, ValueError):
                self.old = {}
        self.page_hashes: dict[str, str] = {}
        self.exhibit_hashes: dict[str, str] = {}
        self.rebaked: list[str] = []              # pages drawn again (their exhibits changed)
        self.page_parts: dict[str, dict] = {}     # page → digest of each named part of its hash
        self.why: dict[str, list[str]] = {}       # page drawn again → the parts that changed
        self.reused: list[str] = []               # pages copied from the previous snapshot
        self.assets: dict[str, str] = {}          # logical name → site path with content hash
        self.written: dict[str, dict] = {}        # exhibit key → its files (per language)
        self.pages_written: list[str] = []
        self.images: list = []                    # image renders under way (futures)
        self.screens: dict[tuple, tuple] = {}     # (id(exhibit), phone) → (exhibit, its figure as the browser gets it)
        self.pool: ThreadPoolExecutor | None = None
        now = dt.datetime.now(TZ)
        self.baked_at = now.isoformat(timespec="seconds")
        self.baked_at_text = now.strftime("%Y-%m-%d %H:%M") + " (UTC+8)"
        import jinja2

        self.env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
                                      trim_blocks=True, lstrip_blocks=True)

    # assets ---------------------------------------------------------------------------------------------------------
    def asset(self, name: str, data: bytes) -> str:
        stem, _, ext = name.partition(".")
        path = f"assets/{stem}.{_hash(data)}.{ext}"
        (self.out / path).parent.mkdir(parents=True, exist_ok=True)
        (self.out / path).write_bytes(data)
        self.assets[name] = path
        return path

    def write_assets(self) -> None:
        import plotly

        from shegong.config import BOUNDARIES_DIR

        js = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
        self.asset("plotly.min.js", js.read_bytes())
        for f in ("site.css", "site.js"):
            self.asset(f, (TEMPLATES / f).read_bytes())
        for geo in sorted(BOUNDARIES_DIR.glob("*.geojson")):
            self.asset(geo.name, geo.read_bytes())

    # exhibits -------------------------------------------------------------------------------------------------------
    def build(self, chart_id: str, **params):
        from shegong.catalog import build

        exhibit = build(chart_id, **params)
        if exhibit is not None and exhibit.demo and not self.demo:  # never: the warehouse has no demo records
            raise RuntimeError(f"{chart_id} {params} draws demo data in a bake without --demo")
        return exhibit

    def key(self, exhibit) -> str:
        """A readable name per exhibit and parameters: chart id, then the values that differ from the defaults."""
        from shegong.catalog import options

        parts = []
        for k, values in options(exhibit.id).items():
            v = exhibit.params.get(k, "")
            default = ",".join(values) if "," in v or k == "provinces" else next(iter(values), "")
            if v != default:
                parts.append(v.replace(",", "+") or "all")
        return slug_of(exhibit.id + ("--" + "-".join(parts) if parts else ""))

    def files_of(self, exhibit, lang: str) -> dict:
        """Write (once per language) the exhibit's downloads and embed page; return their site paths."""
        from shegong import outputs as exports

        key = f"{lang}/{self.key(exhibit)}"
        if key in self.written:
            return self.written[key]
        prefix = "" if lang == "zh" else "en/"
        stem = self.key(exhibit)
        files = {"key": stem, "downloads": [], "embed": None}
        reuse = self.unchanged(key, exhibit)
        for fmt in self.formats:
            if fmt in IMAGE_FORMATS and exhibit.figure is None:
                continue  # tables: their data files; the page itself shows the table
            path = f"{prefix}downloads/{stem}.{fmt}"
            target = self.out / path
            target.parent.mkdir(parents=True, exist_ok=True)
            if reuse and (self.previous / path).is_file():  # the same exhibit: its files as they were
                shutil.copyfile(self.previous / path, target)
            elif fmt in IMAGE_FORMATS:  # rendered by kaleido's chromium while Python goes on with the pages
                self.images.append(self.pool.submit(self.render_image, exhibit, fmt, target))
            else:
                target.write_bytes(exports.export(exhibit, fmt))
            files["downloads"].append((fmt, path, exports.file_name(exhibit, fmt)))
        if exhibit.figure is not None:
            files["embed"] = f"{prefix}embed/{stem}.html"
            if reuse and (self.previous / files["embed"]).is_file():
                (self.out / files["embed"]).parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(self.previous / files["embed"], self.out / files["embed"])
                self.pages_written.append(files["embed"])
        self.written[key] = files
        return files

    def unchanged(self, key: str, exhibit) -> bool:
        """Record the exhibit's hash; whether the previous snapshot baked the very same exhibit."""
        if key not in self.exhibit_hashes:
            self.exhibit_hashes[key] = exhibit_hash(exhibit)
        return self.previous is not None and self.old.get("exhibit_hashes", {}).get(key) == self.exhibit_hashes[key]

    def page_hash(self, page: Page, lang: str) -> str:
        """A page's exhibits, its other blocks (lists' items too: 本期要点 is one), the navigation, the templates and
        the assets it links to. Each named part's digest is kept (page_parts in snapshot.json), so that a page drawn
        again says which part changed."""
        named = {"page": [lang, page.path, page.title, page.live, self.live_url,
                          config.snapshot_url(), str(self.demo), ",".join(self.formats)],  # cited addresses too
                 "assets": [json.dumps(self.assets, sort_keys=True)],
                 "navigation": [json.dumps(self.nav(), ensure_ascii=False)],
                 "templates": [(TEMPLATES / f).read_text(encoding="utf-8") for f in ("page.html", "embed.html")]}
        for i, b in enumerate(page.blocks):
            if b.kind == "exhibit":
                key = f"{lang}/{self.key(b.exhibit)}"
                self.unchanged(key, b.exhibit)
                named[f"block {i}: {key}"] = [key + "=" + self.exhibit_hashes[key]]
            else:
                named[f"block {i}: {b.kind}"] = [json.dumps([b.kind, b.text, b.tone, b.links, b.items],
                                                            ensure_ascii=False, default=repr)]
        h = hashlib.sha256()
        parts = {}
        for name, texts in named.items():
            one = hashlib.sha256()
            for part in texts:
                h.update(part.encode("utf-8") + b"\0")
                one.update(part.encode("utf-8") + b"\0")
            parts[name] = one.hexdigest()[:12]
        self.page_parts[self.tree(lang) + page.path] = parts
        return h.hexdigest()[:16]

    def changed_parts(self, path: str) -> list[str]:
        """Which named parts of a page drawn again differ from the previous snapshot's (all of them if it had none)."""
        old, new = self.old.get("page_parts", {}).get(path), self.page_parts.get(path, {})
        if old is None:
            return ["(no earlier record of its parts)"] if self.previous is not None else []
        return [name for name in new if old.get(name) != new[name]] + [f"{name} (gone)" for name in old
                                                                       if name not in new]

    @staticmethod
    def render_image(exhibit, fmt: str, target: Path) -> None:
        from shegong.outputs import render

        target.write_bytes(render.render(exhibit.figure, fmt))

    def figure_json(self, exhibit, page_path: str, phone: bool = False) -> tuple[str, list[str]]:
        """The figure for plotly.js in this page (boundary URLs made relative to the page, no fixed width) and the
        boundary files it fetches, for the page to preload. `phone`: the copy laid out for a phone's width by
        charts.base.fit, as the live page shows under 700 px (site.js picks by width); "" for a figure without one."""
        import plotly.io as pio

        from shegong.charts import base
        from shegong.outputs.render import COPYING

        if phone and not isinstance((exhibit.figure.layout.meta or {}).get("frame"), dict):
            return "", []
        # as the live page sends it (charts.base.for_screen): no server-only meta, only the template's parts it draws;
        # a phone gets no toolbar (site.js), so no band for one
        key = (id(exhibit), phone)  # laid out once per exhibit (~40 ms), for its page and its embed page
        kept = self.screens.get(key)
        if kept is None or kept[0] is not exhibit:
            with COPYING:  # render threads copy the same cached figures
                shown = base.for_screen(exhibit.figure, PHONE_WIDTH if phone else None,
                                        band=0 if phone else base.MODEBAR_BAND)
                kept = self.screens[key] = (exhibit, pio.to_json(shown, validate=False))
        spec = json.loads(kept[1])
        boundaries = set()
        for trace in spec.get("data", []):
            geo = trace.get("geojson")
            if isinstance(geo, str) and geo.startswith(base.STATIC_URL + "/"):
                trace["geojson"] = rel(page_path, self.assets[geo[len(base.STATIC_URL) + 1:]])
                boundaries.add(trace["geojson"])
        spec.get("layout", {}).pop("width", None)
        text = escape.json_island(spec)  # every < as \u003c: neither </script> nor <!--<script> can bend the page
        return text, sorted(boundaries)

    # pages ----------------------------------------------------------------------------------------------------------
    def names(self) -> dict[str, str]:
        from shegong.catalog import province_names

        return {c: n for c, n in province_names().items() if c in self.provinces}

    def pages(self) -> list[Page]:
        return [self.overview(), *self.compare_pages(), *self.province_pages(), *self.funding_pages(),
                *self.people_pages(), self.sources_page(), self.changelog_page()]

    def overview(self) -> Page:
        """The home page: the live overview's parts in its order (catalog.overview.parts), its selector's other
        indicators as links to their compare pages."""
        from shegong.catalog import compare_indicators, overview

        blocks = []
        for kind, *rest in overview.parts(self.provinces):
            if kind == "caption":
                blocks.append(Block("p", rest[0]))
            elif kind == "exhibit":
                blocks += self.exhibits(tuple(rest))
            elif kind == "brief":
                blocks += self.brief_blocks(rest[0])
            elif kind == "info":
                blocks.append(Block("box", rest[0]))
            elif kind == "provinces":
                blocks.append(Block("cards", items=rest[0]))
        shown = [(label, f"compare/{ind}.html", False) for ind, label in compare_indicators().items()
                 if ind in self.compared]
        blocks.append(Block("links", t("其他指标的趋势与来源："), links=shown))
        return Page("index.html", "overview", t(overview.TITLE), blocks, live="overview")

    @property
    def compared(self) -> dict[str, dict[str, str]]:
        """Indicators with a published series for the chosen provinces → the measures that have one."""
        if not hasattr(self, "_compared"):
            from shegong.catalog import compare as compare
            from shegong.catalog import compare_indicators

            found = {}
            for ind in compare_indicators():
                measures = [m for m in compare.measures(ind)
                            if self.build("compare.trend", **self.compare_params(ind, m)) is not None]
                if measures:
                    found[ind] = measures
            self._compared = found
        return self._compared

    def compare_params(self, indicator: str, measure: str) -> dict[str, str]:
        return {"indicator": indicator, "measure": measure, "provinces": ",".join(self.provinces)}

    def compare_pages(self) -> list[Page]:
        from shegong.catalog import compare as compare
        from shegong.catalog import compare_indicators

        labels = compare_indicators()
        pages = []
        for ind, measures in self.compared.items():
            for measure in measures:
                path = f"compare/{ind}.html" if measure == "absolute" else f"compare/{ind}--{measure}.html"
                names = compare.measures(ind)
                blocks = [Block("p", t("公开报道中的数字，按各自所指日期画出；“≥”为下限，“约”为约数。")),
                          Block("links", t("指标"), links=[(labels[i], f"compare/{i}.html", i == ind)
                                                          for i in self.compared])]
                if len(measures) > 1:
                    blocks.append(Block("links", t("口径"), links=[
                        (names[m], f"compare/{ind}.html" if m == "absolute" else f"compare/{ind}--{m}.html",
                         m == measure) for m in measures]))
                p = self.compare_params(ind, measure)
                # no map here: a map's images take seconds each to render; the overview has the map
                blocks += self.exhibits(("compare.trend", p))
                blocks.append(Block("h2", t("起止与变化")))
                blocks += self.exhibits(("compare.change", p), ("compare.table", p))
                live = f"compare?indicator={ind}&measure={measure}"
                pages.append(Page(path, "compare", t('省际对比') + (": " if i18n.en() else "：") + labels[ind], blocks,
                                  live=live))
        return pages

    @staticmethod
    def brief_blocks(codes) -> list[Block]:
        """本期要点 (issue 23): never from demo records, as on the public dashboard."""
        from shegong.catalog import brief
        from shegong.outputs import brief as brief_out  # noqa: F401 - its English

        regions = []
        for code in codes:
            one = brief.brief(code, public=True)
            # data text escaped (escape.md) before inline_md reads the markup; a link only from a validated URL
            regions.append((escape.md(one.place), [escape.md(f"{s.text} {s.cite()}".rstrip()) for s in one.statements],
                            [escape.md(r.line().removesuffix(r.url).rstrip("，, "))
                             + (f" [{escape.md(t('链接'))}]({escape.safe_url(r.url)})"
                                if escape.safe_url(r.url) else "")
                             for r in one.references]))
        # several regions: each folded under its name, the first open (the live page's tabs)
        return [Block("h2", t("本期要点")), Block("brief", items=regions)]

    def province_links(self, section: str, current: str) -> Block:
        label = "Province" if i18n.en() else "省份"  # the shared dictionary's 省份 is plural (Provinces)
        return Block("links", label, links=[(n, f"{section}/{c}.html", c == current)
                                            for c, n in self.names().items()])

    def province_pages(self) -> list[Page]:
        from shegong.catalog import options
        from shegong.catalog import province as details

        pages = []
        measures = options("province.map")["measure"]
        for code, place in self.names().items():
            for measure in measures:
                has_map = self.build("province.map", province=code, measure=measure, month="latest") is not None
                if measure != next(iter(measures)) and not has_map:
                    continue  # without county data the variants would be the same page
                suffix = "" if measure == next(iter(measures)) else f"--{measure}"
                blocks = [self.province_links("province", code),
                          Block("p", t("**最新公开数字**：{line}", line=details.header_line(code))),
                          Block("p", t("每个数字注明截至日期与来源；“≥”为下限（原文“余/超过/多”），“约”为约数。")),
                          *self.brief_blocks([code]), Block("h2", t("目标进度"))]
                charted = 0
                for item in details.progress(code):
                    if item.goal is None:
                        blocks.append(Block("box", escape.md(item.text), tone=item.tone))
                        continue
                    blocks.append(Block("box", f"**{escape.md(item.goal.heading)}**  {escape.md(item.text)}",
                                        tone=item.tone))
                    if details.has_chart(item):
                        blocks += self.exhibits(("province.progress", {"province": code, "goal": str(charted)}))
                        charted += 1
                if has_map:
                    blocks.append(Block("h2", t("各县(市、区)")))
                    blocks.append(Block("links", t("指标"), links=[
                        (label, f"province/{code}{'' if m == next(iter(measures)) else '--' + m}.html", m == measure)
                        for m, label in measures.items()]))
                    county = {"province": code, "measure": measure, "month": "latest"}
                    blocks += self.exhibits(("province.map", county), ("province.ranking", county))
                trends = self.exhibits(*[(f"province.{n}", {"province": code})
                                         for n in ("stations", "workers", "funding", "services")])
                if trends:
                    blocks += [Block("h2", t("趋势")), *trends]
                blocks += self.exhibits(("province.station_list", {"province": code}))
                pages.append(Page(f"province/{code}{suffix}.html", "province",
                                  t("{place}：乡镇(街道)社工站", place=place), blocks,
                                  live=f"province?province={code}&measure={measure}"))
        return pages

    def funding_pages(self) -> list[Page]:
        from shegong.catalog import funding

        pages = []
        views = [v for v in funding.VIEWS if v != "trend"]
        for code, place in self.names().items():
            for view in views:
                by_year = self.build("funding.by_year", province=code, view=view)
                if view != views[0] and by_year is None:
                    continue
                suffix = "" if view == views[0] else f"--{view}"
                blocks = [Block("p", t("社工站建设、“三区计划”和灾后社会工作服务项目的资金："
                                       "按年份、项目和来源；每站资金；{places}比较。"
                                       "公开报道的资金数字以带黑边的点标出并注明来源；“≥”为下限（原文“余/超过/多”）。",
                                       places=vocab.places_phrase(self.provinces))),
                          self.province_links("funding", code)]
                if by_year is not None:
                    blocks.append(Block("links", t("图表"), links=[
                        (t(funding.VIEWS[v]), f"funding/{code}{'' if v == views[0] else '--' + v}.html", v == view)
                        for v in views]))
                    blocks += self.exhibits(("funding.by_year", {"province": code, "view": view}))
                blocks += self.exhibits(("funding.trend", {}), ("funding.per_station", {}))
                check = self.exhibits(("funding.published", {"province": code}))
                blocks.append(Block("h2", t("{place}：公开报道的资金数字", place=escape.md(place))))
                blocks += check or [Block("p", t("{place}及其市县暂无公开报道的资金数字。", place=escape.md(place)))]
                pages.append(Page(f"funding/{code}{suffix}.html", "funding", t("资金投入"), blocks,
                                  live=f"funding?province={code}"))
        return pages

    def people_pages(self) -> list[Page]:
        from shegong.catalog import services

        pages = []
        measures = list(services.MEASURES)
        for code, place in self.names().items():
            has_records = bool(services.kpis(code))
            for measure in measures if has_records else measures[:1]:
                suffix = "" if measure == measures[0] else f"--{measure}"
                blocks = [Block("p", t("社工站服务了谁、提供了什么服务：按服务对象类别、服务类型和月份。"
                                       "“人次”为一人多次服务计多人次；"
                                       "公开报道的数字单列并注明来源，口径不同（人数、户数），不与服务记录相加。")),
                          self.province_links("people", code)]
                if has_records:
                    blocks.append(Block("links", t("指标"), links=[
                        (t(label), f"people/{code}{'' if m == measures[0] else '--' + m}.html", m == measure)
                        for m, label in services.MEASURES.items()]))
                cited = services.cited(code)
                blocks.append(Block("h2", t("公开报道的数字")))
                for item in cited:
                    link = escape.md_link(item.short_source, item.url)
                    blocks.append(Block("box", f"**{escape.md(item.label)}{': ' if i18n.en() else '：'}"
                                               f"{escape.md(item.value)}**  "
                                               f"{escape.md(t('截至{date}', date=item.as_of))}"
                                               f" · {link} · {escape.md(item.remark)}",
                                        tone="neutral"))
                if not cited:
                    blocks.append(Block("p", t("{place}及其市县暂无公开报道的服务对象或服务家庭数字。",
                                               place=escape.md(place))))
                if has_records:
                    blocks += self.exhibits(("services.monthly", {"province": code, "measure": measure}),
                                            ("services.yearly", {"province": code, "measure": measure}),
                                            ("services.matrix", {"province": code, "measure": measure}),
                                            ("services.comparison", {"measure": measure}))
                blocks += self.exhibits(("services.menu", {"measure": measure}))
                pages.append(Page(f"people/{code}{suffix}.html", "people", t("服务对象"), blocks,
                                  live=f"beneficiaries?province={code}&measure={measure}"))
        return pages

    def sources_page(self) -> Page:
        blocks = [Block("p", t("所有数字均摘自公开报道，逐条注明来源。"
                               "同一地区、指标、月份有多条时，图表采用有链接且为确数的一条，其余仍列于此。"))]
        blocks += self.exhibits(("sources.figures", {"region": "", "indicator": ""}),
                                ("sources.targets", {"region": ""}))
        return Page("sources.html", "sources", t("数据来源"), blocks, live="sources")

    def changelog_page(self) -> Page:
        """更新日志: the approved additions, corrections and withdrawals of published figures, with why and source."""
        blocks = [Block("p", t("公开数字的每一次新增、更正和撤回，都经第二人审核后发布；"
                               "更正和撤回注明原因，原值保留在此。"))]
        shown = self.exhibits(("changes.log", {"region": "", "indicator": ""}))
        blocks += shown or [Block("p", t("暂无更新记录。"))]
        return Page("changelog.html", "changelog", t("更新日志"), blocks, live="changelog")

    def exhibits(self, *wanted) -> list[Block]:
        """Blocks of the exhibits that have something to show (an empty exhibit is left out of the site)."""
        out = []
        for chart_id, params in wanted:
            exhibit = self.build(chart_id, **params)
            if exhibit is not None and len(exhibit.displayed):
                out.append(Block("exhibit", exhibit=exhibit))
        return out

    # writing --------------------------------------------------------------------------------------------------------
    def nav(self) -> list[tuple[str, str, str]]:
        first = next(iter(self.provinces))
        compare = next(iter(self.compared), None)
        items = [("overview", t("总览"), "index.html")]
        if compare:
            items.append(("compare", t("省际对比"), f"compare/{compare}.html"))
        items += [("province", t("省份详情"), f"province/{first}.html"),
                  ("funding", t("资金投入"), f"funding/{first}.html"),
                  ("people", t("服务对象"), f"people/{first}.html"), ("sources", t("数据来源"), "sources.html"),
                  ("changelog", t("更新日志"), "changelog.html")]
        return items

    def common(self, lang: str, path: str, zh_path: str) -> dict:
        """What every page and embed of one language needs: links made relative to `path`."""
        other = "en" if lang == "zh" else "zh"
        twin = zh_path if other == "zh" else f"en/{zh_path}"
        return {
            "lang": "zh-CN" if lang == "zh" else "en", "t": t, "rel": lambda p: rel(path, self.tree(lang) + p),
            "asset": lambda name: rel(path, self.assets[name]), "baked_at": self.baked_at,
            "baked_at_text": self.baked_at_text, "twin": rel(path, twin) if other in self.langs else "",
            "twin_label": "English" if lang == "zh" else "中文", "demo": self.demo, "demo_word": t(DEMO_WORD),
        }

    @staticmethod
    def tree(lang: str) -> str:
        return "" if lang == "zh" else "en/"

    def write_page(self, page: Page, lang: str) -> None:
        path = self.tree(lang) + page.path
        digest = self.page_hashes[path] = self.page_hash(page, lang)
        if self.previous is not None and self.old.get("page_hashes", {}).get(path) == digest \
                and (self.previous / path).is_file():
            for b in page.blocks:  # its exhibits' downloads and embed pages, copied as they were
                if b.kind == "exhibit":
                    self.files_of(b.exhibit, lang)
            target = self.out / path
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(self.previous / path, target)
            self.pages_written.append(path)
            self.reused.append(path)
            return
        self.rebaked.append(path)
        self.why[path] = self.changed_parts(path)
        ctx = self.common(lang, path, page.path)
        blocks, any_demo = [], False
        for b in page.blocks:
            if b.kind == "cards":
                blocks.append({"kind": "cards", "entries": [self.card(one) for one in b.items]})
                continue
            if b.kind == "brief":
                blocks.append({"kind": "brief", "entries": [
                    (inline_md(place), [inline_md(x) for x in said], [inline_md(x) for x in refs])
                    for place, said, refs in b.items]})
                continue
            if b.kind != "exhibit":
                blocks.append({"kind": b.kind, "text": inline_md(b.text), "tone": b.tone,
                               "links": [(label, ctx["rel"](p), cur) for label, p, cur in b.links]})
                continue
            any_demo |= bool(b.exhibit.demo)
            blocks.append(self.exhibit_block(b.exhibit, lang, path))
        live = ""
        if self.live_url:  # the same page of the live dashboard, in the same language
            live = f"{self.live_url}/{page.live}" + ("" if lang == "zh"
                                                     else ("&" if "?" in page.live else "?") + "lang=en")
        charts = [b for b in blocks if b.get("figure")]
        text = self.env.get_template("page.html").render(
            **ctx, page=page, blocks=blocks, any_demo=any_demo, live=live, has_charts=bool(charts),
            preload=sorted({u for b in charts for u in b["boundaries"]}),
            nav=[(key, label, ctx["rel"](p), key == page.section) for key, label, p in self.nav()])
        self.write(path, text)

    @staticmethod
    def card(one) -> dict:
        """A province's card (catalog.overview.Summary) as HTML pieces: data text escaped, Markdown read."""
        return {"name": escape.html_text(one.name), "lines": [inline_md(x) for x in one.lines],
                "metrics": [(escape.html_text(m.label), escape.html_text(m.value), inline_md(m.when))
                            for m in one.metrics]}

    def cite(self, exhibit, lang: str, path: str, anchor: str) -> str:
        """引用本图 as on the live pages (catalog.cite): the chart's place in the snapshot when its address is known
        (SHEGONG_SNAPSHOT_URL), accessed on the day of the bake."""
        from shegong.catalog.cite import cite

        base = config.snapshot_url().rstrip("/")
        url = f"{base}/{path}#{anchor}" if base else ""
        return cite(exhibit, url, lang, dt.date.fromisoformat(self.baked_at[:10]))

    def exhibit_block(self, exhibit, lang: str, path: str) -> dict:
        files = self.files_of(exhibit, lang)
        block = {"kind": "exhibit", "id": files["key"], "title": re.sub(r"<[^>]+>", "", exhibit.title),
                 "cite": self.cite(exhibit, lang, path, files["key"]),
                 "subtitle": re.sub(r"<[^>]+>", "", exhibit.subtitle), "sources": exhibit.sources,
                 "notes": exhibit.notes, "demo": exhibit.demo,
                 "downloads": [(fmt.upper(), rel(path, p), name) for fmt, p, name in files["downloads"]]}
        if exhibit.figure is not None:
            block["figure"], block["boundaries"] = self.figure_json(exhibit, path)
            block["phone"] = self.figure_json(exhibit, path, phone=True)[0]
            block["height"] = int(exhibit.figure.layout.height or 450)
            block["embed"] = rel(path, files["embed"])
            if not (self.out / files["embed"]).exists():
                self.write_embed(exhibit, lang, files, back=path, cited=block["cite"])
        else:
            df = exhibit.displayed
            block["table"] = self.table_html(df.head(TABLE_ROWS))
            block["rows"] = (len(df), min(len(df), TABLE_ROWS))
        return block

    def write_embed(self, exhibit, lang: str, files: dict, back: str, cited: str = "") -> None:
        path = files["embed"]
        ctx = self.common(lang, path, path.removeprefix("en/"))
        figure, boundaries = self.figure_json(exhibit, path)
        phone = self.figure_json(exhibit, path, phone=True)[0]
        text = self.env.get_template("embed.html").render(
            **ctx, title=re.sub(r"<[^>]+>", "", exhibit.title), figure=figure, phone=phone, preload=boundaries,
            height=int(exhibit.figure.layout.height or 450), back=rel(path, back), demo_chart=exhibit.demo, cite=cited,
            downloads=[(fmt.upper(), rel(path, p), name) for fmt, p, name in files["downloads"]])
        self.write(path, text)

    @staticmethod
    def table_html(df) -> str:
        """The table, each cell labelled with its column (data-label): on a phone the CSS stacks each row into a card
        of "column: value" lines instead of squeezing the columns (site.css)."""
        from shegong.outputs.datafiles import column_text

        rows = []
        for row in df.itertuples(index=False):
            cells = []
            for col, v in zip(df.columns, row):
                text = column_text(col, v)
                url = escape.safe_url(text) if re.fullmatch(r"https?://\S+", text) else None
                shown = (f'<a href="{escape.html_attr(url)}" rel="noopener">{t("打开")}</a>' if url
                         else escape.html_text(text))
                cells.append(f'<td data-label="{escape.html_attr(col)}">{shown}</td>')
            rows.append("<tr>" + "".join(cells) + "</tr>")
        head = "".join(f'<th scope="col">{escape.html_text(c)}</th>' for c in df.columns)
        return f'<table class="stack"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'

    def precompress(self) -> None:
        """NAME.gz beside every text file, for nginx's gzip_static (a static host without it ignores them)."""
        for f in list(self.out.rglob("*")):
            if f.suffix in GZIP_SUFFIXES and f.stat().st_size >= 1024:
                f.with_name(f.name + ".gz").write_bytes(gzip.compress(f.read_bytes(), 9, mtime=0))

    def write(self, path: str, text: str) -> None:
        target = self.out / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        self.pages_written.append(path)

    def bake(self) -> dict:
        from shegong.outputs import render

        t0 = time.perf_counter()
        page_translations()
        self.write_assets()
        self.pool = ThreadPoolExecutor(render.RENDERER.concurrency, thread_name_prefix="shegong-publish")
        try:
            render.warm_up()  # chromium starts while the first pages are built
            for lang in self.langs:
                i18n.set_language(lang)
                if hasattr(self, "_compared"):
                    del self._compared  # labels are per language; which indicators have a series is not
                for page in self.pages():
                    self.write_page(page, lang)
            i18n.set_language("zh")
            t1 = time.perf_counter()
            images = len(self.images)
            for future in self.images:
                future.result()  # an image that could not be rendered fails the bake
        finally:
            self.pool.shutdown(cancel_futures=True)
        info = {"baked_at": self.baked_at, "baked_at_text": self.baked_at_text, "demo": self.demo,
                "languages": list(self.langs), "live_url": self.live_url or None,
                "pages": sorted(p for p in self.pages_written if "/embed/" not in p and not p.startswith("embed/")),
                "embeds": sum(1 for p in self.pages_written if "embed/" in p),
                "downloads": sum(len(f["downloads"]) for f in self.written.values()),
                "images": images, "seconds_images": round(time.perf_counter() - t1, 1),
                "seconds": round(time.perf_counter() - t0, 1),
                "rebaked": sorted(self.rebaked), "reused": len(self.reused),
                "page_hashes": self.page_hashes, "exhibit_hashes": self.exhibit_hashes,
                "page_parts": self.page_parts, "rebaked_why": {p: self.why[p] for p in sorted(self.why) if self.why[p]}}
        (self.out / SNAPSHOT_FILE).write_text(json.dumps(info, ensure_ascii=False, indent=1), encoding="utf-8")
        self.precompress()
        return info


def bake(out: Path, demo: bool = False, langs: tuple[str, ...] = ("zh", "en"), live_url: str | None = None,
         provinces: tuple[str, ...] | None = None, formats: tuple[str, ...] = FORMATS,
         warehouse: Path | None = None, full: bool = False) -> dict:
    """Write the static site into `out` (replacing an earlier snapshot there) and return what was written (also in
    snapshot.json).

    `warehouse` (default: the dashboard's, $SHEGONG_WAREHOUSE) is the caller's: without `demo`, one built from
    data/ and the kept real imports only (`python -m shegong publish` builds it), never from demo records.
    Pages whose exhibits (and navigation, templates, assets) hash as in the snapshot being replaced are copied from
    it with their downloads and embed pages, not drawn and rendered again (`full` re-bakes every page); the result's
    `rebaked` lists the pages drawn again.
    """

    out = Path(out)
    if out.exists() and (not out.is_dir() or any(out.iterdir()) and not (out / SNAPSHOT_FILE).exists()):
        raise ValueError(f"{out} is not empty and holds no snapshot: refusing to overwrite it")
    out.parent.mkdir(parents=True, exist_ok=True)
    # baked beside the old site and swapped in at the end: a server keeps serving the old one meanwhile
    new = Path(tempfile.mkdtemp(prefix=f".{out.name}.baking-", dir=out.parent))
    new.chmod(0o755)  # a web server's workers (nginx: nobody) must read it
    source = Path(warehouse) if warehouse else config.warehouse()
    previous = os.environ.get("SHEGONG_WAREHOUSE")
    try:
        os.environ["SHEGONG_WAREHOUSE"] = str(source)
        old_site = out if not full and (out / SNAPSHOT_FILE).is_file() else None
        info = Baker(new, demo, langs, live_url, tuple(provinces or vocab.provinces()), formats, old_site).bake()
        old = out.with_name(f".{out.name}.old-{os.getpid()}")
        if out.exists():
            out.rename(old)
        new.rename(out)
        shutil.rmtree(old, ignore_errors=True)
        return info
    finally:
        shutil.rmtree(new, ignore_errors=True)  # a failed bake leaves the old site as it was
        if previous is None:
            os.environ.pop("SHEGONG_WAREHOUSE", None)
        else:
            os.environ["SHEGONG_WAREHOUSE"] = previous


# --- serving it: Debian's nginx as an ordinary process ----------------------------------------------------------------

def nginx_conf(site: Path, listen: str, prefix: Path, workers: int | str = "auto", access_log: str = "off") -> str:
    """nginx.conf serving `site`: gzip (prebuilt .gz files), a year's cache for hashed assets,
    five minutes for pages."""
    text = (TEMPLATES / "nginx.conf").read_text(encoding="utf-8")
    fields = {"SITE": Path(site).resolve(), "LISTEN": listen, "PREFIX": Path(prefix).resolve(), "WORKERS": workers,
              "ACCESS_LOG": access_log}
    headers = [ln.strip() for ln in (TEMPLATES / "security-headers.conf").read_text(encoding="utf-8").splitlines()
               if ln.strip() and not ln.startswith("#")]
    for key, indent in (("SECURITY_HEADERS", 8), ("SECURITY_HEADERS_LOCATION", 12), ("SECURITY_HEADERS_NESTED", 16)):
        fields[key] = "\n".join(" " * indent + ln for ln in headers)
    for key, value in fields.items():
        text = text.replace("{{" + key + "}}", str(value))
    return text


def start_nginx(site: Path, port: int, prefix: Path, host: str = "127.0.0.1", workers: int | str = "auto"):
    """Start nginx for `site` on host:port with its own prefix folder (config, pid, logs, temp files); returns the
    process. Its workers run as nobody when started by root: the site must be readable by all."""
    import shutil as sh
    import subprocess

    nginx = sh.which("nginx") or "/usr/sbin/nginx"
    if not Path(nginx).exists():
        raise RuntimeError("nginx is not installed (make setup installs Debian's nginx)")
    if not (Path(site) / "index.html").is_file():
        raise ValueError(f"{site} has no index.html: run `python -m shegong publish --out {site}` first")
    prefix = Path(prefix)
    prefix.mkdir(parents=True, exist_ok=True)
    prefix.chmod(0o755)
    conf = prefix / "nginx.conf"
    conf.write_text(nginx_conf(site, f"{host}:{port}", prefix, workers), encoding="utf-8")
    return subprocess.Popen([nginx, "-p", str(prefix.resolve()), "-c", str(conf.resolve()), "-g", "daemon off;"],
                            preexec_fn=_die_with_parent)


def _die_with_parent() -> None:
    """In the child before exec: Linux stops it (SIGQUIT, nginx's graceful stop) when the parent process dies, so
    that a killed `publish-serve` never leaves an nginx behind."""
    import ctypes
    import signal

    ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGQUIT)  # PR_SET_PDEATHSIG


def serve(site: Path, port: int, prefix: Path, grace: float = 5.0) -> int:
    """`python -m shegong publish-serve`: nginx in the foreground until Ctrl-C or SIGTERM. A stop asks nginx to
    finish its requests (SIGQUIT) and, after `grace` seconds, stops it at once (SIGTERM): an open browser
    connection must not keep a stopping server alive."""
    import signal
    import subprocess
    import time

    try:
        proc = start_nginx(site, port, prefix)
    except (RuntimeError, ValueError) as e:
        print(f"publish-serve: {e}")
        return 2
    print(f"serving {site} on http://127.0.0.1:{port}/ (nginx, config in {prefix}/nginx.conf); Ctrl-C stops it",
          flush=True)
    asked: list[float] = []

    def stop(*_):
        if not asked:
            asked.append(time.monotonic())
            proc.send_signal(signal.SIGQUIT)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    while True:
        try:
            return proc.wait(timeout=0.5)
        except subprocess.TimeoutExpired:
            if asked and time.monotonic() - asked[0] > grace:
                proc.terminate()


i18n.add({
    "（生成于{time}）": " (baked {time})",
    "[静态快照]({url}){baked}：可嵌入的图表，访问量大时也很快":
        "[Static snapshot]({url}){baked}: embeddable charts, fast under any traffic",
    "其他指标的趋势与来源：": "Trends and sources of the other indicators:",
    "公开报道的数字": "Published figures",
    "静态快照，生成于": "Static snapshot, baked",
    "交互式看板（可筛选）": "Interactive dashboard (with filters)",
    "嵌入": "Embed", "复制嵌入代码": "Copy the embed code", "已复制": "Copied",
    "把下面的代码粘贴到网页中即可嵌入本图：": "Paste this code into a web page to embed the chart:",
    "下载：": "Download: ", "查看完整页面": "Open the full page",
    "表中列出前{n}行，共{total}行；完整数据见 CSV/XLSX 下载":
        "The first {n} of {total} rows; download CSV/XLSX for all of them",
    "本快照含演示数据": "This snapshot contains demo data",
    "标有“演示数据”的图表来自按公开数字校准的模拟数据，用于展示看板功能，不是真实统计。":
        "Charts marked DEMO DATA are simulated data calibrated to published figures, to show what the dashboard "
        "does; they are not statistics.",
    "图表：": "Chart: ", "社工站数据看板": "Shegong Dashboard",
    "更新日志": "Change log",
    "公开数字的每一次新增、更正和撤回，都经第二人审核后发布；更正和撤回注明原因，原值保留在此。":
        "Every published figure added, corrected or withdrawn was reviewed by a second person before publication; "
        "corrections and withdrawals give their reason, and the earlier values stay here.",
    "暂无更新记录。": "No changes recorded yet.",
})
