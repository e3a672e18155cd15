-- Demo records in the warehouse (stations, funding, services): the public deployment refuses to show a warehouse
-- that has any unless its operator opts in with SHEGONG_PUBLIC_DEMO=1 (shegong/ui/app.py).
SELECT (SELECT count(*) FROM stations WHERE is_demo)
     + (SELECT count(*) FROM funding WHERE is_demo)
     + (SELECT count(*) FROM services WHERE is_demo) AS demo_rows
