-- Stations built per province and month from the station registers (demo or imported), kept apart by is_demo.
-- @param regions 410000,130000,640000,110000
SELECT province_code, month, is_demo, sum(stations_built) AS stations_built, sum(social_workers) AS social_workers
FROM stations_by_county_month
WHERE list_contains(string_split($regions, ','), province_code)
GROUP BY ALL
ORDER BY province_code, is_demo, month;
