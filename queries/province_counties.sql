-- Every county-level unit of one province with its registers at one month (YYYY-MM; empty or unknown = the latest
-- month) for each kind of data (demo or not): stations built, social workers, townships the register lists and
-- townships with a station built by then. Counties without any register row are listed once with NULLs, so that a
-- map shows every county.
-- @param province $province
-- @param month
WITH months AS (
    SELECT is_demo, max(month) AS latest, max(month) FILTER (WHERE strftime(month, '%Y-%m') = $month) AS chosen
    FROM stations_by_county_month WHERE province_code = $province GROUP BY ALL
), shown AS (
    SELECT is_demo, coalesce(chosen, latest) AS month FROM months
), built AS (
    SELECT c.county_code, c.is_demo, c.stations_built, c.social_workers
    FROM stations_by_county_month c JOIN shown m USING (is_demo, month)
    WHERE c.province_code = $province
), townships AS (
    SELECT s.county_code, s.is_demo, count(DISTINCT s.township) AS townships,
           count(DISTINCT s.township) FILTER (WHERE s.status <> 'planned' AND s.opened_on < m.month + INTERVAL 1 MONTH)
               AS townships_covered
    FROM stations s JOIN shown m USING (is_demo)
    WHERE substr(s.county_code, 1, 2) || '0000' = $province
    GROUP BY ALL
), counties AS (
    SELECT r.code AS county_code, r.name AS county_name, p.name AS prefecture_name
    FROM regions r LEFT JOIN regions p ON p.code = r.parent_code AND p.level = 'prefecture'
    WHERE r.level = 'county' AND substr(r.code, 1, 2) || '0000' = $province
)
SELECT c.county_code, c.county_name, c.prefecture_name, t.is_demo, m.month,
       CASE WHEN t.is_demo IS NOT NULL THEN coalesce(b.stations_built, 0) END AS stations_built,
       CASE WHEN t.is_demo IS NOT NULL THEN coalesce(b.social_workers, 0) END AS social_workers,
       t.townships, t.townships_covered, 100.0 * t.townships_covered / nullif(t.townships, 0) AS coverage_pct
FROM counties c
LEFT JOIN townships t USING (county_code)
LEFT JOIN shown m USING (is_demo)
LEFT JOIN built b USING (county_code, is_demo)
ORDER BY t.is_demo, c.county_code;
