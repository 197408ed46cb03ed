// The aggregates behind the workload reports. Each is one indexed pass over live diensten
// (`removed_at IS NULL`) and active assignments; nothing loads rows per dienst into the app.
// $1 = hds id(s), dates as 'YYYY-MM-DD'. Minutes are summed in SQL and divided into hours here.

const CATEGORY_SUMS = `
  sum(s.minutes_avond)::int AS m_avond, sum(s.minutes_nacht)::int AS m_nacht,
  sum(s.minutes_weekend)::int AS m_weekend, sum(s.minutes_feestdag)::int AS m_feestdag,
  (count(*) FILTER (WHERE s.minutes_avond > 0))::int AS n_avond, (count(*) FILTER (WHERE s.minutes_nacht > 0))::int AS n_nacht,
  (count(*) FILTER (WHERE s.minutes_weekend > 0))::int AS n_weekend, (count(*) FILTER (WHERE s.minutes_feestdag > 0))::int AS n_feestdag`;

/**
 * Active assignments per dienst of the CTE `live`: one pass over the HDS's assignments
 * (index-only on assignments_live_by_hds) hash-joined to the diensten, rather than a probe per dienst.
 */
const STAFFED = `
    SELECT a.shift_id, count(*)::int AS n FROM assignments a JOIN live l ON l.id = a.shift_id
     WHERE a.hds_id = $1 AND a.removed_at IS NULL GROUP BY a.shift_id`;

/** Non-draft periods of an HDS that start on or before a date, oldest first. */
export const PERIODS_SQL = `
  SELECT id, name, start_date, end_date, status, published_at
    FROM roster_periods
   WHERE hds_id = $1 AND status <> 'draft' AND start_date <= $2::date
   ORDER BY start_date, id`;

/**
 * Demand and staffing per period, split into the part before `from` and the part in the range:
 * hours per category (Σ required × minutes), positions with minutes in each category, open
 * positions and their hours. $2 = from, $3 = to, $4 = period ids.
 */
export const DEMAND_SQL = `
  WITH live AS (
    SELECT s.id, s.period_id, s.local_date, s.required, s.minutes_avond, s.minutes_nacht, s.minutes_weekend, s.minutes_feestdag
      FROM shifts s
     WHERE s.hds_id = $1 AND s.removed_at IS NULL AND s.local_date <= $3::date AND s.period_id = ANY($4::uuid[])
  ), staffed AS (${STAFFED})
  SELECT s.period_id, (s.local_date >= $2::date) AS in_range,
         count(*)::int AS shifts, sum(s.required)::int AS positions,
         sum(LEAST(s.required, coalesce(c.n, 0)))::int AS staffed,
         sum(s.required * s.minutes_avond)::float8 AS m_avond, sum(s.required * s.minutes_nacht)::float8 AS m_nacht,
         sum(s.required * s.minutes_weekend)::float8 AS m_weekend, sum(s.required * s.minutes_feestdag)::float8 AS m_feestdag,
         coalesce(sum(s.required) FILTER (WHERE s.minutes_avond > 0), 0)::int AS p_avond,
         coalesce(sum(s.required) FILTER (WHERE s.minutes_nacht > 0), 0)::int AS p_nacht,
         coalesce(sum(s.required) FILTER (WHERE s.minutes_weekend > 0), 0)::int AS p_weekend,
         coalesce(sum(s.required) FILTER (WHERE s.minutes_feestdag > 0), 0)::int AS p_feestdag,
         sum(GREATEST(s.required - coalesce(c.n, 0), 0) * s.minutes_avond)::float8 AS o_avond,
         sum(GREATEST(s.required - coalesce(c.n, 0), 0) * s.minutes_nacht)::float8 AS o_nacht,
         sum(GREATEST(s.required - coalesce(c.n, 0), 0) * s.minutes_weekend)::float8 AS o_weekend,
         sum(GREATEST(s.required - coalesce(c.n, 0), 0) * s.minutes_feestdag)::float8 AS o_feestdag
    FROM live s LEFT JOIN staffed c ON c.shift_id = s.id
   GROUP BY 1, 2`;

/** Per GP, per period and range part: diensten, minutes and diensten per category. Same parameters. */
export const GP_HOURS_SQL = `
  SELECT s.period_id, (s.local_date >= $2::date) AS in_range, a.gp_id,
         count(*)::int AS diensten, ${CATEGORY_SUMS}
    FROM assignments a
    JOIN shifts s ON s.id = a.shift_id
   WHERE a.hds_id = $1 AND a.removed_at IS NULL
     AND s.hds_id = $1 AND s.removed_at IS NULL AND s.local_date <= $3::date AND s.period_id = ANY($4::uuid[])
   GROUP BY 1, 2, 3`;

/** Per post in the range: diensten, positions, staffed, demand and assigned minutes per category, GPs. $4 = period ids. */
export const POSTS_SQL = `
  WITH live AS (
    SELECT s.id, s.post_id, s.required, s.minutes_avond, s.minutes_nacht, s.minutes_weekend, s.minutes_feestdag
      FROM shifts s
     WHERE s.hds_id = $1 AND s.removed_at IS NULL AND s.local_date BETWEEN $2::date AND $3::date AND s.period_id = ANY($4::uuid[])
  ), staffed AS (${STAFFED}), per_post AS (
    SELECT s.post_id, count(*)::int AS shifts, sum(s.required)::int AS positions, sum(LEAST(s.required, coalesce(c.n, 0)))::int AS staffed,
           sum(s.required * s.minutes_avond)::float8 AS d_avond, sum(s.required * s.minutes_nacht)::float8 AS d_nacht,
           sum(s.required * s.minutes_weekend)::float8 AS d_weekend, sum(s.required * s.minutes_feestdag)::float8 AS d_feestdag,
           sum(coalesce(c.n, 0) * s.minutes_avond)::float8 AS m_avond, sum(coalesce(c.n, 0) * s.minutes_nacht)::float8 AS m_nacht,
           sum(coalesce(c.n, 0) * s.minutes_weekend)::float8 AS m_weekend, sum(coalesce(c.n, 0) * s.minutes_feestdag)::float8 AS m_feestdag
      FROM live s LEFT JOIN staffed c ON c.shift_id = s.id GROUP BY s.post_id
  ), gps AS (
    SELECT l.post_id, count(DISTINCT a.gp_id)::int AS gps
      FROM live l JOIN assignments a ON a.shift_id = l.id AND a.removed_at IS NULL
     GROUP BY l.post_id
  )
  SELECT p.id AS post_id, p.code, p.name, pp.*, coalesce(g.gps, 0) AS gps
    FROM per_post pp JOIN posts p ON p.id = pp.post_id LEFT JOIN gps g ON g.post_id = pp.post_id
   ORDER BY p.code`;

/** Positions staffed and open per local date in the range (the coverage chart). */
export const COVERAGE_SQL = `
  WITH live AS (
    SELECT s.id, s.local_date, s.required FROM shifts s
     WHERE s.hds_id = $1 AND s.removed_at IS NULL AND s.local_date BETWEEN $2::date AND $3::date AND s.period_id = ANY($4::uuid[])
  ), staffed AS (${STAFFED})
  SELECT s.local_date AS date, sum(s.required)::int AS positions, sum(LEAST(s.required, coalesce(c.n, 0)))::int AS staffed
    FROM live s LEFT JOIN staffed c ON c.shift_id = s.id
   GROUP BY 1 ORDER BY 1`;

export interface PeriodRow {
  id: string;
  name: string;
  start_date: string;
  end_date: string;
  status: string;
  published_at: Date | null;
}

export interface DemandRow {
  period_id: string;
  in_range: boolean;
  shifts: number;
  positions: number;
  staffed: number;
  m_avond: number;
  m_nacht: number;
  m_weekend: number;
  m_feestdag: number;
  p_avond: number;
  p_nacht: number;
  p_weekend: number;
  p_feestdag: number;
  o_avond: number;
  o_nacht: number;
  o_weekend: number;
  o_feestdag: number;
}

export interface GpHoursRow {
  period_id: string;
  in_range: boolean;
  gp_id: string;
  diensten: number;
  m_avond: number;
  m_nacht: number;
  m_weekend: number;
  m_feestdag: number;
  n_avond: number;
  n_nacht: number;
  n_weekend: number;
  n_feestdag: number;
}

export interface PostRow {
  post_id: string;
  code: string;
  name: string;
  shifts: number;
  positions: number;
  staffed: number;
  gps: number;
  d_avond: number;
  d_nacht: number;
  d_weekend: number;
  d_feestdag: number;
  m_avond: number;
  m_nacht: number;
  m_weekend: number;
  m_feestdag: number;
}

export interface CoverageRow {
  date: string;
  positions: number;
  staffed: number;
}
