-- Every provincial unit with the latest published figure of one indicator (NULL where none is published);
-- `focus` marks the provinces the dashboard compares.
-- @param indicator stations_built
-- @param regions $provinces
SELECT r.code, r.name, i.indicator, i.label_zh, i.label_en, i.unit_zh, f.value, f.qualifier, f.as_of,
       f.as_of_end, f.scope, f.note, f.note_en, s.source_id, s.title AS source_title, s.title_en AS source_title_en, s.publisher, s.publisher_en, s.published, s.url,
       list_contains(string_split($regions, ','), r.code) AS focus
FROM regions r
CROSS JOIN (SELECT * FROM indicators WHERE indicator = $indicator) i
LEFT JOIN figures_latest f ON f.region_code = r.code AND f.indicator = i.indicator
LEFT JOIN sources s ON s.source_id = f.source_id
WHERE r.level = 'province'
ORDER BY r.code;
