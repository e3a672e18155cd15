-- People served and sessions per month and service-recipient category in one province.
-- @param province 410000
SELECT month, category, is_demo, sum(people_served) AS people_served, sum(sessions) AS sessions
FROM services_by_province_month
WHERE province_code = $province
GROUP BY ALL
ORDER BY month, category;
