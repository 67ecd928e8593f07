-- The schema version and the timeline's title, from the file's key-value metadata.
SELECT decode(key) AS key, decode(value) AS value
FROM parquet_kv_metadata('events.parquet')
WHERE decode(key) LIKE 'timeline.%'
