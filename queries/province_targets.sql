-- Policy targets that apply to one province: its own, and the national station-coverage target that every
-- province works towards (national = true), with their sources.
-- @param province $province
SELECT t.region_code, r.name AS region_name, t.region_code = '100000' AS national, t.indicator,
       i.label_zh AS indicator_label, i.label_en AS indicator_label_en, i.unit_zh, i.unit_en, t.value, t.deadline,
       t.deadline_end, t.label_zh, t.label_en, t.note,
       s.source_id, s.title AS source_title, s.title_en AS source_title_en, s.publisher, s.publisher_en, s.published, s.url
FROM targets t
JOIN regions r ON r.code = t.region_code
JOIN indicators i USING (indicator)
JOIN sources s USING (source_id)
WHERE t.region_code = $province OR (t.region_code = '100000' AND t.indicator = 'stations_coverage_pct')
ORDER BY national, t.deadline_end, t.indicator;
