-- Published figures of people and households served (best cited per month) for one province and the regions in
-- it, with their sources. unit_shown is 人次 where the note says the source counted person-times.
-- @param province $province
SELECT f.region_code, r.name AS region_name, r.level AS region_level, f.indicator, i.label_zh, i.label_en, i.unit_zh,
       CASE WHEN f.note ILIKE '%person-times%' THEN '人次' ELSE i.unit_zh END AS unit_shown,
       f.value, f.qualifier, f.as_of, f.as_of_end, f.scope, f.note, s.source_id, s.title AS source_title, s.publisher,
       s.published, s.url
FROM figures_best f
JOIN regions r ON r.code = f.region_code
JOIN indicators i USING (indicator)
JOIN sources s USING (source_id)
WHERE f.indicator IN ('beneficiaries_served', 'households_served') AND r.level IN ('province', 'prefecture', 'county')
  AND substr(f.region_code, 1, 2) = substr($province, 1, 2)
ORDER BY r.level = 'province' DESC, f.region_code, f.as_of_end;
