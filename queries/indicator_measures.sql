-- The measures the compare page may show of an indicator (data/indicators.csv `measures`) and its coverage
-- denominator.
-- @param indicator stations_built
SELECT indicator, measures, coverage_denominator
FROM indicators
WHERE indicator = $indicator;
