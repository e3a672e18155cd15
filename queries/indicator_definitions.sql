-- Every indicator with its names, unit, description and stale threshold (data/indicators.csv), headline first.
SELECT indicator, label_zh, label_en, unit_zh, unit_en, headline, description, stale_after_days
FROM indicators
ORDER BY headline DESC, indicator;
