-- The stations of one province with their county and prefecture names.
-- @param province $province
SELECT s.station_id, s.name, c.name AS county_name, p.name AS prefecture_name, s.township, s.status, s.opened_on,
       s.social_workers, s.operator, s.lon, s.lat, s.is_demo
FROM stations s
JOIN regions c ON c.code = s.county_code
LEFT JOIN regions p ON p.code = c.parent_code AND p.level = 'prefecture'
WHERE substr(s.county_code, 1, 2) || '0000' = $province
ORDER BY s.county_code, s.station_id;
