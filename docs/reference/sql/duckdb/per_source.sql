-- How many events cite each source (by its key).
SELECT c.source AS source, count(DISTINCT id) AS events
FROM (SELECT id, unnest(citations) AS c FROM 'events.parquet')
GROUP BY c.source
ORDER BY source
