-- Tables and views of the warehouse, created by `python -m shegong build` from the checked source frames
-- (registered as src_<name>). Presentation lives in pages and shegong/charts/, never here.

CREATE TABLE regions AS
SELECT code, name, level, NULLIF(parent_code, '') AS parent_code FROM src_regions;

CREATE TABLE sources AS
SELECT source_id, title, NULLIF(publisher, '') AS publisher, NULLIF(published, '') AS published,
       NULLIF(url, '') AS url
FROM src_sources;

CREATE TABLE indicators AS
SELECT indicator, label_zh, label_en, unit_zh, unit_en, headline = '1' AS headline, description,
       string_split(measures, '|') AS measures, NULLIF(coverage_denominator, '') AS coverage_denominator
FROM src_indicators;

-- as_of keeps the precision the source gave (2021, 2021-12 or 2021-12-08); as_of_end is the last day it covers,
-- used to order figures in time without pretending a yearly figure is of a given day.
CREATE MACRO period_end(d) AS CASE length(d)
    WHEN 4 THEN make_date(CAST(d AS INTEGER), 12, 31)
    WHEN 7 THEN last_day(CAST(d || '-01' AS DATE))
    ELSE CAST(d AS DATE) END;

CREATE TABLE figures AS
SELECT row_number() OVER () AS figure_id, region_code, indicator, CAST(value AS DOUBLE) AS value, qualifier,
       as_of, period_end(as_of) AS as_of_end, scope, source_id, NULLIF(note, '') AS note
FROM src_figures;

CREATE TABLE targets AS
SELECT region_code, indicator, CAST(value AS DOUBLE) AS value, deadline, period_end(deadline) AS deadline_end,
       label_zh, label_en, source_id, NULLIF(note, '') AS note
FROM src_targets;

-- One figure per region, indicator, scope and reporting month (a figure never stands in for one of another scope:
-- cumulative, annual, stock at a date, pilot; see data/README.md): a page with a URL beats a bulletin without one,
-- an exact figure beats a rounded one, a precise date beats a month. The others stay in `figures`
-- (and on the sources page).
CREATE TABLE figures_best AS
SELECT * EXCLUDE (rk) FROM (
    SELECT f.*, row_number() OVER (
        PARTITION BY f.region_code, f.indicator, f.scope, strftime(f.as_of_end, '%Y-%m')
        ORDER BY s.url IS NOT NULL DESC, f.qualifier = 'exact' DESC, length(f.as_of) DESC, f.figure_id) AS rk
    FROM figures f JOIN sources s USING (source_id)
) WHERE rk = 1;

-- The newest of those per region and indicator.
CREATE TABLE figures_latest AS
SELECT * EXCLUDE (rk) FROM (
    SELECT *, row_number() OVER (PARTITION BY region_code, indicator ORDER BY as_of_end DESC, figure_id) AS rk
    FROM figures_best
) WHERE rk = 1;
