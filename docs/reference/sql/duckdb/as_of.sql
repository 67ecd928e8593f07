-- The events believed at the recorded time $as_of: the last revision of each id by then, if a put.
SELECT * EXCLUDE (newest)
FROM (
  SELECT *, row_number() OVER (PARTITION BY event_id ORDER BY seq DESC) AS newest
  FROM 'revisions.parquet'
  WHERE recorded_at <= $as_of
)
WHERE newest = 1 AND op = 'put'
ORDER BY event_id
