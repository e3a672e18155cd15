-- Build-up of each province's register at its latest month: stations built against the townships in the register
-- (the wall display's ranking). Demo and real registers stay apart.
-- @param regions $provinces
WITH townships AS (
    SELECT substr(county_code, 1, 2) || '0000' AS province_code, is_demo,
           count(DISTINCT county_code || '/' || township) AS townships
    FROM stations GROUP BY ALL
), built AS (
    SELECT province_code, is_demo, month, sum(stations_built) AS stations_built
    FROM stations_by_county_month GROUP BY province_code, is_demo, month
    QUALIFY row_number() OVER (PARTITION BY province_code, is_demo ORDER BY month DESC) = 1
)
SELECT b.province_code, r.name AS province_name, b.is_demo, b.month, b.stations_built, t.townships,
       100.0 * least(b.stations_built, t.townships) / t.townships AS coverage_pct
FROM built b
JOIN townships t USING (province_code, is_demo)
JOIN regions r ON r.code = b.province_code
WHERE list_contains(string_split($regions, ','), b.province_code)
ORDER BY coverage_pct DESC, b.stations_built DESC;
