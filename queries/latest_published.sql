-- The newest published figures about the given provinces and any place inside them (the wall display's ticker).
-- @param regions $provinces
-- @param n 8
SELECT f.region_code, r.name AS region_name, i.label_zh, i.label_en, i.unit_zh, f.value, f.qualifier, f.as_of,
       f.as_of_end, f.scope, s.title AS source_title, s.title_en AS source_title_en, s.publisher, s.publisher_en, s.published, s.url
FROM figures_best f
JOIN regions r ON r.code = f.region_code
JOIN indicators i USING (indicator)
JOIN sources s USING (source_id)
WHERE list_contains(string_split($regions, ','), substr(f.region_code, 1, 2) || '0000')
  AND i.headline
ORDER BY f.as_of_end DESC, f.figure_id
LIMIT CAST($n AS INTEGER);
