-- Published figures of people served, person-times of service and households served (best cited per month) for one
-- province and the regions in it, with their sources. Person-times are their own indicator (beneficiary_visits, 人次).
-- @param province $province
SELECT f.region_code, r.name AS region_name, r.level AS region_level, f.indicator, i.label_zh, i.label_en, i.unit_zh,
       i.unit_zh AS unit_shown,
       f.value, f.qualifier, f.as_of, f.as_of_end, f.scope, f.note, f.note_en, s.source_id, s.title AS source_title, s.title_en AS source_title_en, s.publisher, s.publisher_en,
       s.published, s.url
FROM figures_best f
JOIN regions r ON r.code = f.region_code
JOIN indicators i USING (indicator)
JOIN sources s USING (source_id)
WHERE f.indicator IN ('beneficiaries_served', 'beneficiary_visits', 'households_served') AND r.level IN ('province', 'prefecture', 'county')
  AND substr(f.region_code, 1, 2) = substr($province, 1, 2)
ORDER BY r.level = 'province' DESC, f.region_code, f.as_of_end;
