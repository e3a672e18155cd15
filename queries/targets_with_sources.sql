-- Policy targets with their sources; empty region means all; only those due in or after from_year.
-- @param region
-- @param from_year 2000
SELECT t.region_code, r.name AS region_name, t.indicator, i.label_zh AS indicator_label,
       i.label_en AS indicator_label_en, i.unit_zh, t.value,
       t.deadline, t.label_zh, t.label_en, t.note, t.note_en, s.source_id, s.title AS source_title, s.title_en AS source_title_en, s.publisher, s.publisher_en, s.published, s.url
FROM targets t
JOIN regions r ON r.code = t.region_code
JOIN indicators i USING (indicator)
JOIN sources s USING (source_id)
WHERE ($region = '' OR t.region_code = $region) AND year(t.deadline_end) >= CAST($from_year AS INTEGER)
ORDER BY t.region_code, t.deadline_end;
