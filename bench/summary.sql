-- plancheck summary --by chapter,section --format csv, in DuckDB. FILE is substituted.
COPY (
  WITH rows AS (
    SELECT row_number() OVER () AS n, chapter, section, indicator, direction,
           CAST(replace(target, ',', '') AS DECIMAL(18, 1)) AS target,
           CAST(nullif(replace(actual, ',', ''), '') AS DECIMAL(18, 1)) AS actual
    FROM read_csv('FILE', all_varchar = true, header = true)
  ), judged AS (
    SELECT *,
           CASE WHEN actual IS NULL THEN NULL
                WHEN (direction = 'down' AND actual <= target) OR (direction <> 'down' AND actual >= target) THEN true
                ELSE false END AS met,
           CASE WHEN actual IS NULL THEN NULL
                WHEN (direction = 'down' AND actual <= target) OR (direction <> 'down' AND actual >= target) THEN 1.0
                WHEN direction = 'down' THEN CASE WHEN actual = 0 THEN 0 ELSE target / actual END
                ELSE CASE WHEN target = 0 THEN 0 ELSE actual / target END END AS rate
    FROM rows
  )
  SELECT chapter, section, count(DISTINCT indicator) AS indicators, count(actual) AS evaluated,
         count(*) FILTER (WHERE met) AS met, count(*) FILTER (WHERE NOT met) AS unmet,
         count(*) FILTER (WHERE met IS NULL) AS pending,
         round(100.0 * count(*) FILTER (WHERE met) / count(actual), 1) AS met_share,
         round(100 * avg(rate), 1) AS mean_achievement,
         round(100 * min(rate), 1) AS min_achievement,
         arg_min(indicator, rate) AS worst_indicator
  FROM judged GROUP BY chapter, section ORDER BY min(n)
) TO '/dev/stdout' (HEADER, DELIMITER ',');
