-- Every indicator with its names, unit and description (data/indicators.csv), headline indicators first.
SELECT indicator, label_zh, label_en, unit_zh, unit_en, headline, description
FROM indicators
ORDER BY headline DESC, indicator;
