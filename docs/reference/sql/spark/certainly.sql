-- Events that overlap the days :low to :high however their vague dates resolve.
SELECT id
FROM events
WHERE (open_start OR latest_start <= :high)
  AND (open_end OR earliest_end >= :low)
