-- Tables and views of the warehouse, created by `python -m shegong build` from the checked source frames
-- (registered as src_<name>). Presentation lives in pages and shegong/charts/, never here.

-- The tables of the published-data files (regions, sources, indicators, figures, targets) and the macro
-- period_end are made first from their declaration in shegong/schema.py (schema.ddl()). as_of keeps the precision
-- the source gave (2021, 2021-12 or 2021-12-08); as_of_end is the last day it covers, used to order figures in time
-- without pretending a yearly figure is of a given day.

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
