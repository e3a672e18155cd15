-- People served and sessions per province and calendar year, with the same months of the year before (for a
-- year-on-year change that compares like with like when a year is not complete); demo and imported apart.
-- @param regions $provinces
WITH m AS (
    SELECT province_code, month, is_demo, sum(people_served) AS people_served, sum(sessions) AS sessions
    FROM services_by_province_month
    WHERE list_contains(string_split($regions, ','), province_code)
    GROUP BY province_code, month, is_demo
), y AS (
    SELECT province_code, year(month) AS year, is_demo, count(*) AS months, min(month) AS first_month,
           max(month) AS last_month, sum(people_served) AS people_served, sum(sessions) AS sessions
    FROM m GROUP BY province_code, year(month), is_demo
)
SELECT y.province_code, y.year, y.is_demo, y.months, y.first_month, y.last_month,
       CAST(y.people_served AS BIGINT) AS people_served, CAST(y.sessions AS BIGINT) AS sessions,
       count(p.month) AS prev_months,
       CAST(sum(p.people_served) AS BIGINT) AS people_served_prev, CAST(sum(p.sessions) AS BIGINT) AS sessions_prev
FROM y
LEFT JOIN m p ON p.province_code = y.province_code AND p.is_demo = y.is_demo AND year(p.month) = y.year - 1
             AND month(p.month) BETWEEN month(y.first_month) AND month(y.last_month)
GROUP BY ALL
ORDER BY y.province_code, y.is_demo DESC, y.year;
