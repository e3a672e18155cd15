-- Published funding figures (funding_cny, best cited per month) of the given provinces and of the regions in
-- them, each with the funding records of the same region and period beside it, one row per kind of record (demo
-- or not).
-- Period: a figure of scope cumulative (figures.csv) is compared with every year of records up to its own year, any
-- other figure with its own year. Region: a province's records are all rows of the province, a prefecture's the
-- rows of its counties (code prefix), a county's its own rows. records_cny is NULL when no record matches.
-- @param regions $provinces
WITH pub AS (
    SELECT f.region_code, r.name AS region_name, r.level AS region_level, f.value, f.qualifier, f.as_of,
           f.as_of_end, year(f.as_of_end) AS year, f.note, f.note_en, f.source_id,
           f.scope,
           substr(f.region_code, 1, CASE r.level WHEN 'province' THEN 2 WHEN 'prefecture' THEN 4 ELSE 6 END) AS prefix
    FROM figures_best f JOIN regions r ON r.code = f.region_code
    WHERE f.indicator = 'funding_cny' AND r.level IN ('province', 'prefecture', 'county')
      AND list_contains(string_split($regions, ','), substr(f.region_code, 1, 2) || '0000')
)
SELECT substr(p.region_code, 1, 2) || '0000' AS province_code, p.region_code, p.region_name, p.region_level,
       p.value, p.qualifier, p.as_of, p.as_of_end, p.year, p.scope, p.note, p.note_en, s.source_id, s.title AS source_title, s.title_en AS source_title_en,
       s.publisher, s.publisher_en, s.published, s.url,
       g.is_demo, min(g.year) AS first_year, max(g.year) AS last_year, sum(g.amount_cny) AS records_cny
FROM pub p
JOIN sources s USING (source_id)
LEFT JOIN funding_by_region_year g
       ON starts_with(g.region_code, p.prefix)
      AND (g.year = p.year OR (p.scope = 'cumulative' AND g.year < p.year))
GROUP BY ALL
ORDER BY province_code, region_level DESC, region_code, as_of_end, is_demo DESC;  -- province, prefecture, county
