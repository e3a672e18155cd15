-- The span of years the published figures cover: the range of the compare page's time filter.
SELECT min(year(as_of_end)) AS first_year, max(year(as_of_end)) AS last_year FROM figures_best;
