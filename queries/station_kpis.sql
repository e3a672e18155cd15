-- Headline numbers of one province's registers: stations built and social workers at the latest month, and people
-- served in the latest twelve months of service records; one row per kind of data (demo or not).
-- @param province 410000
WITH built AS (
    SELECT month, is_demo, sum(stations_built) AS stations_built, sum(social_workers) AS social_workers
    FROM stations_by_county_month WHERE province_code = $province
    GROUP BY month, is_demo
    QUALIFY row_number() OVER (PARTITION BY is_demo ORDER BY month DESC) = 1
), served AS (
    SELECT is_demo, max(month) AS last_service_month,
           sum(people_served) FILTER (WHERE month > last_month - INTERVAL 12 MONTH) AS people_served_12m
    FROM (SELECT *, max(month) OVER (PARTITION BY is_demo) AS last_month
          FROM services_by_province_month WHERE province_code = $province)
    GROUP BY is_demo
)
SELECT b.is_demo, b.month, b.stations_built, b.social_workers, s.people_served_12m, s.last_service_month
FROM built b LEFT JOIN served s USING (is_demo)
ORDER BY b.is_demo;
