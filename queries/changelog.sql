-- The public change log (更新日志): every approved change of a published figure, newest first, with its source.
-- `kind` is add, change (a correction: old_value → new_value) or withdraw. Names of staff are never here.
-- @param region
-- @param indicator
-- @param kinds add,change,withdraw
SELECT c.change_id, c.decided_at, CAST(substr(c.decided_at, 1, 10) AS VARCHAR) AS decided_on, c.kind,
       c.region_code, r.name AS region_name, c.indicator, i.label_zh, i.label_en, i.unit_zh, c.as_of,
       c.old_value, c.new_value, c.qualifier, c.old_qualifier, c.why, c.source_id, s.title AS source_title, s.publisher, s.published,
       s.url
FROM changelog c
LEFT JOIN regions r ON r.code = c.region_code
LEFT JOIN indicators i USING (indicator)
LEFT JOIN sources s USING (source_id)
WHERE ($region = '' OR c.region_code = $region) AND ($indicator = '' OR c.indicator = $indicator)
  AND list_contains(string_split($kinds, ','), c.kind)
ORDER BY c.decided_at DESC, c.change_id DESC, c.region_code, c.indicator;
