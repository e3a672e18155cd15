-- One published indicator for the chosen provinces within a span of years, with what the compare page's measures
-- need: the latest figure of the indicator's coverage denominator (data/indicators.csv, e.g. the township count,
-- with its date) and the stations figure of the same month, if one was published (for "per station").
-- @param regions $provinces
-- @param indicator stations_built
-- @param from_year 2000
-- @param to_year 2100
WITH den AS (
    SELECT f.region_code, f.value AS denominator, f.as_of AS denominator_as_of
    FROM figures_latest f JOIN indicators i ON i.indicator = $indicator AND f.indicator = i.coverage_denominator
), st AS (
    SELECT region_code, strftime(as_of_end, '%Y-%m') AS ym, value AS stations, qualifier AS stations_qualifier, scope AS stations_scope
    FROM figures_best WHERE indicator = 'stations_built'
)
SELECT f.region_code, r.name AS region_name, f.indicator, i.label_zh, i.label_en, i.unit_zh, f.value, f.qualifier, f.as_of,
       f.as_of_end, f.scope, f.note, f.note_en, s.source_id, s.title AS source_title, s.title_en AS source_title_en, s.publisher, s.publisher_en, s.published, s.url,
       den.denominator, den.denominator_as_of, st.stations, st.stations_qualifier, st.stations_scope
FROM figures_best f
JOIN regions r ON r.code = f.region_code
JOIN indicators i USING (indicator)
JOIN sources s USING (source_id)
LEFT JOIN den ON den.region_code = f.region_code
LEFT JOIN st ON st.region_code = f.region_code AND st.ym = strftime(f.as_of_end, '%Y-%m')
WHERE f.indicator = $indicator AND list_contains(string_split($regions, ','), f.region_code)
  AND year(f.as_of_end) BETWEEN CAST($from_year AS INTEGER) AND CAST($to_year AS INTEGER)
ORDER BY f.region_code, f.as_of_end;
