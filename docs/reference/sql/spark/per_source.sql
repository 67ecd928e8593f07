-- How many events cite each source (by its key).
SELECT c.source AS source, count(DISTINCT id) AS events
FROM (SELECT id, explode(citations) AS c FROM events)
GROUP BY c.source
ORDER BY source
