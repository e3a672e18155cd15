-- One province's station registers per month, kept apart by is_demo: stations built and social workers
-- (cumulative, from the roll-up), and townships with at least one built station out of the townships the register
-- lists (the register's own coverage; demo registers have one station per township).
-- @param province $province
WITH townships AS (
    SELECT is_demo, county_code, township,
           min(date_trunc('month', opened_on)) FILTER (WHERE status <> 'planned') AS first_month
    FROM stations
    WHERE substr(county_code, 1, 2) || '0000' = $province
    GROUP BY ALL
), covered AS (
    SELECT b.is_demo, b.month, count(*) FILTER (WHERE t.first_month <= b.month) AS townships_covered,
           count(*) AS townships
    FROM (SELECT DISTINCT is_demo, month FROM stations_by_county_month WHERE province_code = $province) b
    JOIN townships t USING (is_demo)
    GROUP BY ALL
), built AS (
    SELECT is_demo, month, sum(stations_built) AS stations_built, sum(social_workers) AS social_workers
    FROM stations_by_county_month
    WHERE province_code = $province
    GROUP BY ALL
)
SELECT is_demo, month, stations_built, social_workers, townships_covered, townships
FROM built JOIN covered USING (is_demo, month)
ORDER BY is_demo, month;
