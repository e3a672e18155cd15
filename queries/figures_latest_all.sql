-- Latest published figure of every indicator (headline or not) for the given regions, with its source: the
-- overview's cards fall back on these where a headline indicator is not published.
-- @param regions $provinces
SELECT f.region_code, r.name AS region_name, f.indicator, i.label_zh, i.label_en, i.unit_zh, f.value, f.qualifier, f.as_of,
       f.as_of_end, f.scope, i.headline, f.note, f.note_en, s.source_id, s.title AS source_title, s.title_en AS source_title_en, s.publisher, s.publisher_en, s.published, s.url
FROM figures_latest f
JOIN regions r ON r.code = f.region_code
JOIN indicators i USING (indicator)
JOIN sources s USING (source_id)
WHERE list_contains(string_split($regions, ','), f.region_code) AND f.indicator <> 'township_level_units'
ORDER BY f.region_code, f.as_of_end DESC, f.indicator;
