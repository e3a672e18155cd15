-- Indicators published at province level for at least one of the given provinces: the choices of the
-- overview's map and comparison chart, headline indicators first.
-- @param regions $provinces
SELECT i.indicator, i.label_zh, i.label_en, i.unit_zh, i.headline, count(DISTINCT f.region_code) AS provinces
FROM indicators i
JOIN figures_best f USING (indicator)
WHERE list_contains(string_split($regions, ','), f.region_code)
GROUP BY ALL
ORDER BY i.headline DESC, provinces DESC, i.indicator;
