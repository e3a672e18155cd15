-- Headline numbers of one province's service records, one row per kind (demo or not): people served and sessions
-- in the latest twelve months of records and in the twelve months before them, and how many months each window
-- actually holds.
-- @param province $province
WITH m AS (
    SELECT month, is_demo, sum(people_served) AS people_served, sum(sessions) AS sessions
    FROM services_by_province_month WHERE province_code = $province
    GROUP BY month, is_demo
), w AS (
    SELECT *, max(month) OVER (PARTITION BY is_demo) AS last_month FROM m
), tagged AS (
    SELECT *, month > last_month - INTERVAL 12 MONTH AS recent,
           month <= last_month - INTERVAL 12 MONTH AND month > last_month - INTERVAL 24 MONTH AS before
    FROM w
)
SELECT is_demo, last_month, CAST(last_month - INTERVAL 11 MONTH AS DATE) AS window_start,
       count(*) FILTER (WHERE recent) AS months_12m,
       CAST(sum(people_served) FILTER (WHERE recent) AS BIGINT) AS people_served_12m,
       CAST(sum(sessions) FILTER (WHERE recent) AS BIGINT) AS sessions_12m,
       count(*) FILTER (WHERE before) AS months_prev_12m,
       CAST(sum(people_served) FILTER (WHERE before) AS BIGINT) AS people_served_prev_12m,
       CAST(sum(sessions) FILTER (WHERE before) AS BIGINT) AS sessions_prev_12m
FROM tagged
GROUP BY is_demo, last_month
ORDER BY is_demo DESC;
