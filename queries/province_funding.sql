-- Funding per year in one province, summed over all its regions (province, prefectures, counties), programmes and
-- sources; kept apart by is_demo. `qualifier` is the least certain qualifier of the rows summed.
-- @param province $province
SELECT year, is_demo, sum(amount_cny) AS amount_cny,
       CASE WHEN bool_or(qualifier = 'approx') THEN 'approx'
            WHEN bool_or(qualifier = 'at_least') THEN 'at_least' ELSE 'exact' END AS qualifier
FROM funding_by_region_year
WHERE province_code = $province
GROUP BY ALL
ORDER BY is_demo, year;
