-- People served and sessions per recipient category and service type in the latest twelve months of one
-- province's records (window per kind of record, demo or not).
-- @param province $province
WITH w AS (
    SELECT *, max(month) OVER (PARTITION BY is_demo) AS last_month
    FROM services_by_province_month WHERE province_code = $province
)
SELECT is_demo, category, service_type, min(month) AS first_month, max(last_month) AS last_month,
       CAST(sum(people_served) AS BIGINT) AS people_served, CAST(sum(sessions) AS BIGINT) AS sessions
FROM w
WHERE month > last_month - INTERVAL 12 MONTH
GROUP BY is_demo, category, service_type
ORDER BY is_demo DESC, category, service_type;
