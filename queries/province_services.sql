-- People served (person-times) and sessions per month in one province, over all categories and service types;
-- kept apart by is_demo.
-- @param province $province
SELECT month, is_demo, sum(people_served) AS people_served, sum(sessions) AS sessions
FROM services_by_province_month
WHERE province_code = $province
GROUP BY ALL
ORDER BY is_demo, month;
