-- Events that may overlap the days $low to $high (both included).
SELECT id
FROM 'events.parquet'
WHERE precision IS NOT NULL  -- dated: by its own when, or by its sources' accounts
  AND (earliest <= $high OR earliest IS NULL)  -- null: the start is open or unknown
  AND (latest >= $low OR latest IS NULL)       -- null: the end is open or unknown
  AND (one_of IS NULL OR list_bool_or(list_transform(one_of, lambda r: coalesce(r.earliest <= $high, true) AND coalesce(r.latest >= $low, true))))  -- a set, or disputed accounts: one of them
