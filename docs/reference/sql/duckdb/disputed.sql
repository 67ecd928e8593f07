-- Events that a source disputes or denies.
SELECT DISTINCT id
FROM (SELECT id, unnest(citations) AS c FROM 'events.parquet')
WHERE c.confidence IN ('disputed', 'denied')
ORDER BY id
