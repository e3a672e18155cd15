-- Every published figure with its source; empty region / indicator means all. `in_series` is false for a
-- figure that a better-cited one of the same month stands in for on charts.
-- @param region
-- @param indicator
SELECT f.figure_id, f.region_code, r.name AS region_name, r.level AS region_level, f.indicator, i.label_zh, i.label_en,
       i.unit_zh, f.value, f.qualifier, f.as_of, f.as_of_end, f.scope, f.note, f.note_en, s.source_id, s.title AS source_title, s.title_en AS source_title_en,
       s.publisher, s.publisher_en, s.published, s.url, s.kind AS source_kind, f.figure_id IN (SELECT figure_id FROM figures_best) AS in_series
FROM figures f
JOIN regions r ON r.code = f.region_code
JOIN indicators i USING (indicator)
JOIN sources s USING (source_id)
WHERE ($region = '' OR f.region_code = $region) AND ($indicator = '' OR f.indicator = $indicator)
ORDER BY f.region_code, f.indicator, f.as_of_end, f.figure_id;
