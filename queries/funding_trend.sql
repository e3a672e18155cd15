-- Annual funding per province: all programmes, and the station programme alone divided by the stations built at
-- that year's end (December in stations_by_county_month; NULL when the registers have no December of that year or
-- no station yet). Demo and imported records stay apart and are only divided by their own kind.
-- @param regions $provinces
-- @param program 乡镇(街道)社工站建设
WITH money AS (
    SELECT province_code, year, is_demo, sum(amount_cny) AS amount_cny,
           coalesce(sum(amount_cny) FILTER (WHERE program = $program), 0) AS station_program_cny,
           CASE WHEN bool_or(qualifier = 'approx') THEN 'approx'
                WHEN bool_or(qualifier = 'at_least') THEN 'at_least' ELSE 'exact' END AS qualifier
    FROM funding_by_region_year
    WHERE list_contains(string_split($regions, ','), province_code)
    GROUP BY province_code, year, is_demo
), built AS (
    SELECT province_code, year(month) AS year, is_demo, sum(stations_built) AS stations_built
    FROM stations_by_county_month
    WHERE month(month) = 12 AND list_contains(string_split($regions, ','), province_code)
    GROUP BY province_code, year(month), is_demo
)
SELECT m.province_code, m.year, m.is_demo, m.qualifier, m.amount_cny, m.station_program_cny,
       CAST(b.stations_built AS INTEGER) AS stations_built,
       m.station_program_cny / NULLIF(b.stations_built, 0) AS per_station_cny
FROM money m LEFT JOIN built b USING (province_code, year, is_demo)
ORDER BY m.province_code, m.is_demo DESC, m.year;
