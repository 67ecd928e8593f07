-- How many events have each status.
SELECT status, count(*) AS events
FROM 'events.parquet'
GROUP BY status
ORDER BY status
