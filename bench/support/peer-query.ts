// The analyst's version of the model: one DuckDB SQL script over the same CSV folder,
// computing what an analyst would compute by hand (PRODUCT.md §3 with the default config).
// Run as a child process by bench/peer.bench.ts: `node peer-query.ts DIR AS_OF OUT.csv`.
import { DuckDBInstance } from '@duckdb/node-api';
import { DEFAULT_MODEL_CONFIG as C } from '../../src/domain/default-model-config.ts';

/** What the query leaves out of the model, printed by the bench. */
export const LEFT_OUT = [
  'pipeline margin defaults (the default config has none) and per-industry wallets (likewise)',
  'strategic.parentInfluence (off by default) and duplicate relations (the sample has none)',
  'overrides, pyramid levels and value ranks, the score method',
  'the contact schedule, service flags, recommended actions and explanations',
  'validation: types, duplicates and dangling references are trusted, not reported per file:line',
];

const sqlNumber = (n: number) => String(n);
const rateCase = Object.entries(C.costs.hourlyRate)
  .filter(([role]) => role !== 'default')
  .map(([role, rate]) => `WHEN '${role}' THEN ${sqlNumber(rate)}`)
  .join(' ');
const minutesCase = Object.entries(C.costs.defaultMinutes)
  .map(([type, minutes]) => `WHEN '${type}' THEN ${sqlNumber(minutes)}`)
  .join(' ');

export function peerSql(dir: string, asOfIso: string, out: string): string {
  const csv = (name: string) => `read_csv('${dir}/${name}', header = true, all_varchar = true)`;
  const asOf = `TIMESTAMPTZ '${asOfIso}'`;
  const months = C.window.months;
  const period = (k: number) => `(${asOf} - INTERVAL ${12 * k} MONTH)`;
  const years = C.retention.years;
  const periodFlags = Array.from({ length: years }, (_, k) => `max(CASE WHEN close_at > ${period(k + 1)} AND close_at <= ${period(k)} THEN 1 ELSE 0 END) AS p${k}`).join(',\n      ');
  const periodsBack = Array.from({ length: years - 1 }, (_, k) => `WHEN first_won > ${period(k + 1)} THEN ${k + 1}`).join(' ');
  const held = Array.from({ length: years }, (_, k) => `(CASE WHEN ${k} < periods THEN p${k} ELSE 0 END)`).join(' + ');
  return `
SET TimeZone = 'UTC';
CREATE TEMP TABLE companies AS SELECT id, TRY_CAST(employees AS DOUBLE) AS employees,
  TRY_CAST(estimated_wallet AS DOUBLE) AS estimated_wallet,
  coalesce(is_reference = 'true', false) AS is_reference, coalesce(codevelopment = 'true', false) AS codevelopment
  FROM ${csv('companies.csv')};
CREATE TEMP TABLE deals AS SELECT company_id, status, CAST(amount AS DOUBLE) AS amount,
  CAST(close_date AS TIMESTAMPTZ) AS close_at, TRY_CAST(cost AS DOUBLE) AS cost, TRY_CAST(margin_pct AS DOUBLE) AS margin_pct,
  TRY_CAST(discount AS DOUBLE) AS discount, TRY_CAST(order_count AS DOUBLE) AS order_count
  FROM ${csv('deals.csv')} WHERE status = 'won';
CREATE TEMP TABLE figures AS
WITH won AS (
  SELECT company_id,
    sum(amount) FILTER (WHERE close_at > ${asOf} - INTERVAL ${months} MONTH AND close_at <= ${asOf}) AS revenue,
    sum(CASE WHEN cost IS NOT NULL THEN amount - cost ELSE amount * coalesce(margin_pct, ${C.margin.defaultPct}) END)
      FILTER (WHERE close_at > ${asOf} - INTERVAL ${months} MONTH AND close_at <= ${asOf}) AS gross_margin,
    sum(coalesce(order_count, 1)) FILTER (WHERE close_at > ${asOf} - INTERVAL ${months} MONTH AND close_at <= ${asOf}) AS orders,
    sum(coalesce(discount, 0)) FILTER (WHERE close_at > ${asOf} - INTERVAL ${months} MONTH AND close_at <= ${asOf}) AS discounts,
    min(close_at) AS first_won,
    ${periodFlags}
  FROM deals WHERE close_at <= ${asOf} GROUP BY company_id
), retention AS (
  SELECT *, least(${C.retention.max}, (${held}) / periods) AS retention
  FROM (SELECT *, CASE ${periodsBack} ELSE ${years} END AS periods FROM won)
), activity_cost AS (
  SELECT company_id,
    sum(coalesce(TRY_CAST(duration_minutes AS DOUBLE), CASE type ${minutesCase} END)
        * CASE owner_role ${rateCase} ELSE ${C.costs.hourlyRate.default} END / 60) AS time_cost,
    count(*) FILTER (WHERE type = 'visit') * ${C.costs.travelCost} AS travel,
    count(*) FILTER (WHERE type = 'ticket') * ${C.costs.ticketCost} AS ticket_handling
  FROM ${csv('activities.csv')}
  WHERE CAST(occurred_at AS TIMESTAMPTZ) > ${asOf} - INTERVAL ${months} MONTH AND CAST(occurred_at AS TIMESTAMPTZ) <= ${asOf}
  GROUP BY company_id
)
SELECT c.id AS company_id, c.is_reference, c.codevelopment,
  coalesce(c.estimated_wallet, c.employees * ${C.wallet.perEmployee.default}) AS wallet,
  coalesce(r.revenue, 0) AS revenue, coalesce(r.gross_margin, 0) AS gross_margin,
  coalesce(a.time_cost, 0) + coalesce(a.travel, 0) + coalesce(a.ticket_handling, 0)
    + coalesce(r.orders, 0) * ${C.costs.orderHandling} + coalesce(r.discounts, 0) AS cost_to_serve,
  coalesce(r.retention, ${C.retention.default}) AS retention
FROM companies c LEFT JOIN retention r ON r.company_id = c.id LEFT JOIN activity_cost a ON a.company_id = c.id;
CREATE TEMP TABLE strategic AS
SELECT f.company_id,
  coalesce(sum(t.gross_margin) FILTER (WHERE rel.kind = 'referral'), 0) * ${C.strategic.referralShare} AS referral_value,
  coalesce(sum(t.revenue) FILTER (WHERE rel.kind = 'influence'), 0) * ${C.strategic.influenceShare} AS influence_value
FROM figures f
LEFT JOIN ${csv('relations.csv')} rel ON rel.from_company_id = f.company_id AND rel.to_company_id <> f.company_id
LEFT JOIN figures t ON t.company_id = rel.to_company_id
GROUP BY f.company_id;
COPY (
  WITH valued AS (
    SELECT f.*, f.gross_margin - f.cost_to_serve AS net_contribution,
      greatest(0, f.gross_margin - f.cost_to_serve) * f.retention / (1 + ${C.clv.discountRate} - f.retention) AS clv,
      s.referral_value, s.influence_value,
      s.referral_value + s.influence_value + CASE WHEN f.is_reference THEN ${C.strategic.referenceBonus} ELSE 0 END
        + CASE WHEN f.codevelopment THEN ${C.strategic.knowledgeBonus} ELSE 0 END AS strategic_value,
      CASE WHEN f.wallet IS NULL THEN 0 ELSE greatest(0, ${C.wallet.preferredSupplierCap} * f.wallet - f.revenue)
        * CASE WHEN f.revenue > 0 THEN greatest(0, f.gross_margin / f.revenue) ELSE ${C.margin.defaultPct} END END AS growth_potential
    FROM figures f JOIN strategic s USING (company_id)
  ), totals AS (
    SELECT *, clv + strategic_value + ${C.weights.potential} * growth_potential AS total_value,
      revenue > 0 AND net_contribution + strategic_value < 0 AS loss_making
    FROM valued
  ), pareto AS (
    SELECT company_id,
      sum(total_value) OVER (ORDER BY total_value DESC RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
        - total_value * count(*) OVER (PARTITION BY total_value) AS greater,
      sum(total_value) OVER () AS everything
    FROM totals WHERE revenue > 0 AND NOT loss_making
  )
  SELECT t.company_id, t.revenue, t.gross_margin, t.cost_to_serve, t.net_contribution, t.clv,
    t.referral_value, t.influence_value, t.strategic_value, t.total_value,
    CASE WHEN t.revenue <= 0 THEN NULL WHEN t.loss_making THEN 'D'
      WHEN p.greater < ${C.segmentation.pareto.a} * p.everything THEN 'A'
      WHEN p.greater < ${C.segmentation.pareto.b} * p.everything THEN 'B' ELSE 'C' END AS segment
  FROM totals t LEFT JOIN pareto p USING (company_id)
) TO '${out}' (HEADER, DELIMITER ',');
`;
}

if (import.meta.filename === process.argv[1]) {
  const [dir, asOfIso, out] = process.argv.slice(2) as [string, string, string];
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  await connection.run(peerSql(dir, asOfIso, out));
  connection.closeSync();
}
