-- Events that may overlap the days :low to :high (both included).
SELECT id
FROM events
WHERE `when` IS NOT NULL
  AND (earliest <= :high OR earliest IS NULL)  -- null: the start is open or unknown
  AND (latest >= :low OR latest IS NULL)       -- null: the end is open or unknown
