-- Events that may overlap the days $low to $high (both included).
SELECT id
FROM 'events.parquet'
WHERE "when" IS NOT NULL
  AND (earliest <= $high OR earliest IS NULL)  -- null: the start is open or unknown
  AND (latest >= $low OR latest IS NULL)       -- null: the end is open or unknown
  AND (one_of IS NULL OR list_bool_or(list_transform(one_of, lambda r: r.earliest <= $high AND r.latest >= $low)))  -- a set: one of its members
