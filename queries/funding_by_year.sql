-- Funding of one province per year, programme and source, summed over all its rows (province-level and county
-- rows alike); demo and imported records stay apart. A sum with an approximate part is approximate, else with a
-- lower bound (at_least) part a lower bound.
-- @param province $province
SELECT year, program, source, is_demo,
       CASE WHEN bool_or(qualifier = 'approx') THEN 'approx'
            WHEN bool_or(qualifier = 'at_least') THEN 'at_least' ELSE 'exact' END AS qualifier,
       sum(amount_cny) AS amount_cny
FROM funding_by_region_year
WHERE province_code = $province
GROUP BY year, program, source, is_demo
ORDER BY is_demo DESC, year, program, source;
