-- The regions and indicators that have published figures: the options of the sources page's filters.
SELECT DISTINCT f.region_code, r.name AS region_name, f.indicator, i.label_zh, i.label_en
FROM figures f
JOIN regions r ON r.code = f.region_code
JOIN indicators i USING (indicator)
ORDER BY f.region_code, f.indicator;
