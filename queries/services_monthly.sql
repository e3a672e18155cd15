-- People served and sessions per month, recipient category and service type in one province; demo and imported
-- records stay apart.
-- @param province $province
SELECT month, category, service_type, is_demo, people_served, sessions
FROM services_by_province_month
WHERE province_code = $province
ORDER BY is_demo DESC, month, category, service_type;
