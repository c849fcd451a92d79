-- plancheck eval --format csv, in DuckDB: ratio method, capped at 100,
-- rounded half-up to one decimal, met by comparison. FILE is substituted.
COPY (
  WITH rows AS (
    SELECT chapter, section, indicator, unit, direction, period,
           CAST(replace(baseline, ',', '') AS DECIMAL(18, 1)) AS baseline,
           CAST(replace(target, ',', '') AS DECIMAL(18, 1)) AS target,
           CAST(nullif(replace(actual, ',', ''), '') AS DECIMAL(18, 1)) AS actual
    FROM read_csv('FILE', all_varchar = true, header = true)
  ), judged AS (
    SELECT *,
           CASE WHEN actual IS NULL THEN 'pending'
                WHEN (direction = 'down' AND actual <= target) OR (direction <> 'down' AND actual >= target) THEN 'met'
                ELSE 'unmet' END AS status,
           CASE WHEN actual IS NULL THEN NULL
                WHEN direction = 'down' THEN CASE WHEN actual = 0 THEN NULL ELSE target / actual END
                ELSE CASE WHEN target = 0 THEN NULL ELSE actual / target END END AS rate
    FROM rows
  )
  SELECT chapter, section, indicator, unit, direction, period, baseline, target, actual,
         CASE WHEN status = 'pending' THEN NULL
              WHEN status = 'met' THEN 100.0
              ELSE least(round(rate * 100, 1), 99.9) END AS achievement,
         status, '' AS note
  FROM judged
) TO '/dev/stdout' (HEADER, DELIMITER ',');
