-- Every published figure of one province (one per indicator and month, the best cited) with its source: the
-- points of the province page's progress and trend charts.
-- @param province $province
SELECT f.region_code, r.name AS region_name, f.indicator, i.label_zh, i.unit_zh, f.value, f.qualifier, f.as_of,
       f.as_of_end, f.scope, f.note, f.note_en, s.source_id, s.title AS source_title, s.title_en AS source_title_en, s.publisher, s.publisher_en, s.published, s.url
FROM figures_best f
JOIN regions r ON r.code = f.region_code
JOIN indicators i USING (indicator)
JOIN sources s USING (source_id)
WHERE f.region_code = $province
ORDER BY f.indicator, f.as_of_end;
