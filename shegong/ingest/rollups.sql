-- Small tables the pages read, built once from the record tables (stations, funding, services) so that no rerun
-- scans millions of service rows. Every roll-up keeps is_demo: demo and real records are never summed together.

CREATE TABLE station_months AS
SELECT CAST(range AS DATE) AS month
FROM range(
    (SELECT coalesce(least(min(date_trunc('month', opened_on)), min(CAST(month || '-01' AS DATE))), DATE '2019-01-01')
     FROM stations FULL JOIN (SELECT DISTINCT month FROM services) ON false),
    (SELECT coalesce(greatest(max(date_trunc('month', opened_on)), max(CAST(month || '-01' AS DATE))),
                     DATE '2025-12-01') + INTERVAL 1 MONTH
     FROM stations FULL JOIN (SELECT DISTINCT month FROM services) ON false),
    INTERVAL 1 MONTH);

-- Stations built (opened on or before the month's end, not merely planned) per county and month, cumulative.
CREATE TABLE stations_by_county_month AS
WITH opened AS (
    SELECT county_code, is_demo, date_trunc('month', opened_on) AS month, count(*) AS n,
           sum(social_workers) AS social_workers
    FROM stations WHERE status <> 'planned' AND opened_on IS NOT NULL
    GROUP BY ALL
), grid AS (
    SELECT county_code, is_demo, m.month
    FROM (SELECT DISTINCT county_code, is_demo FROM opened) CROSS JOIN station_months m
)
SELECT g.county_code, substr(g.county_code, 1, 2) || '0000' AS province_code, g.month, g.is_demo,
       CAST(sum(coalesce(o.n, 0)) OVER w AS INTEGER) AS stations_built,
       CAST(sum(coalesce(o.social_workers, 0)) OVER w AS INTEGER) AS social_workers
FROM grid g LEFT JOIN opened o USING (county_code, is_demo, month)
WINDOW w AS (PARTITION BY g.county_code, g.is_demo ORDER BY g.month);

-- Services per province, month, category and service type. The services roll-ups are table macros of which
-- is_demo values to include: the build makes both; an import (only ever real rows) redoes only the real part.
CREATE OR REPLACE TEMP MACRO services_by_province_month_of(demo) AS TABLE
SELECT substr(st.county_code, 1, 2) || '0000' AS province_code, CAST(sv.month || '-01' AS DATE) AS month,
       sv.category, sv.service_type, sv.is_demo, CAST(sum(sv.people_served) AS BIGINT) AS people_served,
       CAST(sum(sv.sessions) AS BIGINT) AS sessions, count(*) AS records
FROM services sv JOIN stations st USING (station_id)
WHERE list_contains(demo, sv.is_demo)
GROUP BY ALL;
CREATE TABLE services_by_province_month AS FROM services_by_province_month_of([true, false]);

-- Services per county and month, for county maps and rankings.
CREATE OR REPLACE TEMP MACRO services_by_county_month_of(demo) AS TABLE
SELECT st.county_code, substr(st.county_code, 1, 2) || '0000' AS province_code,
       CAST(sv.month || '-01' AS DATE) AS month, sv.is_demo, CAST(sum(sv.people_served) AS BIGINT) AS people_served,
       CAST(sum(sv.sessions) AS BIGINT) AS sessions, count(DISTINCT sv.station_id) AS stations_reporting
FROM services sv JOIN stations st USING (station_id)
WHERE list_contains(demo, sv.is_demo)
GROUP BY ALL;
CREATE TABLE services_by_county_month AS FROM services_by_county_month_of([true, false]);

-- Funding per region, year, programme and source, with the province it belongs to.
CREATE TABLE funding_by_region_year AS
SELECT substr(region_code, 1, 2) || '0000' AS province_code, region_code, year, program, source, qualifier, is_demo,
       sum(amount_cny) AS amount_cny
FROM funding
GROUP BY ALL;
