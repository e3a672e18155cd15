-- Names of the given regions, in the order given.
-- @param regions $nation_provinces
SELECT r.code, r.name, r.level
FROM regions r
JOIN unnest(string_split($regions, ',')) WITH ORDINALITY AS wanted(code, pos) ON wanted.code = r.code
ORDER BY wanted.pos;
