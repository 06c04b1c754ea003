/** The SQL side of CallTotals (reports/figures.ts): the raw reports and the rollups sum exactly these. */
export const OFFERED_OUTCOMES_SQL = "('answered', 'transferred', 'abandoned')";
export const ANSWERED_OUTCOMES_SQL = "('answered', 'transferred')";
/** Which call records are offered calls (with a started_at range before it). */
export const OFFERED_SQL = `outcome IN ${OFFERED_OUTCOMES_SQL} AND direction = 'inbound'`;

/** The select items of CallTotals over offered calls; one `?` = the service-level threshold (seconds). */
export const TOTALS_SQL = `COUNT(*) AS offered,
  SUM(CASE WHEN outcome IN ${ANSWERED_OUTCOMES_SQL} THEN 1 ELSE 0 END) AS answered,
  SUM(CASE WHEN outcome = 'abandoned' THEN 1 ELSE 0 END) AS abandoned,
  SUM(CASE WHEN outcome IN ${ANSWERED_OUTCOMES_SQL} AND wait_seconds <= ? THEN 1 ELSE 0 END) AS within_sl,
  SUM(CASE WHEN outcome IN ${ANSWERED_OUTCOMES_SQL} THEN wait_seconds ELSE 0 END) AS wait_s,
  SUM(CASE WHEN outcome IN ${ANSWERED_OUTCOMES_SQL} THEN talk_seconds ELSE 0 END) AS talk_s,
  SUM(CASE WHEN outcome IN ${ANSWERED_OUTCOMES_SQL} THEN hold_seconds ELSE 0 END) AS hold_s,
  SUM(CASE WHEN outcome IN ${ANSWERED_OUTCOMES_SQL} THEN wrap_up_seconds ELSE 0 END) AS wrap_s`;

/** The same totals re-summed from report_call_hour. */
export const ROLLUP_TOTALS_SQL = `SUM(offered) AS offered, SUM(answered) AS answered, SUM(abandoned) AS abandoned, SUM(within_sl) AS within_sl,
  SUM(wait_s) AS wait_s, SUM(talk_s) AS talk_s, SUM(hold_s) AS hold_s, SUM(wrap_s) AS wrap_s`;

/** One agent's segments summed (select items after agent_id): handled, talk, hold, wrap-up, complaint calls. */
export const AGENT_SEGMENT_SQL = `agent_id, COUNT(answered_at) AS handled, SUM(talk_seconds) AS talk_s, SUM(hold_seconds) AS hold_s,
  SUM(wrap_up_seconds) AS wrap_s, SUM(CASE WHEN disposition = 'complaint' THEN 1 ELSE 0 END) AS complaints`;
