-- Names of the given regions, in the order given.
-- @param regions 100000,410000,130000,640000,110000
SELECT r.code, r.name, r.level
FROM regions r
JOIN unnest(string_split($regions, ',')) WITH ORDINALITY AS wanted(code, pos) ON wanted.code = r.code
ORDER BY wanted.pos;
