-- How many events have each status.
SELECT status, count(*) AS events
FROM events
GROUP BY status
ORDER BY status
