-- Events that a source disputes or denies.
SELECT DISTINCT id
FROM (SELECT id, explode(citations) AS c FROM events)
WHERE c.confidence IN ('disputed', 'denied')
ORDER BY id
