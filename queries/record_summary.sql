-- What the record tables hold per province: demo or not, how many stations, service rows and the months covered.
-- @param regions 410000,130000,640000,110000
SELECT substr(s.county_code, 1, 2) || '0000' AS province_code, s.is_demo, count(*) AS stations,
       count(*) FILTER (WHERE s.status <> 'planned') AS stations_built,
       min(s.opened_on) AS first_opened, max(s.opened_on) AS last_opened
FROM stations s
WHERE list_contains(string_split($regions, ','), substr(s.county_code, 1, 2) || '0000')
GROUP BY ALL
ORDER BY 1, 2;
