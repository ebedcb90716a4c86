// Cost-to-serve by line, biggest first, lines without cost left out: where the money goes.
import { BarChart, Flex, Heading, Text } from '@hubspot/ui-extensions';
import { COST_LINES, type CostBreakdown } from '../api/types.ts';
import type { I18n } from '../i18n/i18n.ts';

export interface CostRow {
  [key: string]: string | number;
  line: string;
  amount: number;
}

export function costRows(breakdown: CostBreakdown, i18n: I18n): CostRow[] {
  return COST_LINES.filter((line) => breakdown[line] > 0)
    .sort((a, b) => breakdown[b] - breakdown[a])
    .map((line) => ({ line: i18n.t.costs.lines[line], amount: Math.round(breakdown[line]) }));
}

export function CostChart({ breakdown, total, i18n }: { breakdown: CostBreakdown; total: number; i18n: I18n }) {
  const { t, format } = i18n;
  const rows = costRows(breakdown, i18n);
  return (
    <Flex direction="column" gap="xs">
      <Heading>{t.costs.heading}</Heading>
      {rows.length === 0 ? (
        <Text>{t.costs.none}</Text>
      ) : (
        <>
          <Text>{t.costs.intro(format.money(total))}</Text>
          <BarChart
            testId="cost-chart"
            data={rows}
            axes={{ x: { field: 'line', fieldType: 'category', label: t.costs.axisLine }, y: { field: 'amount', fieldType: 'linear', label: t.costs.axisAmount } }}
            options={{ showDataLabels: true, showTooltips: true }}
          />
        </>
      )}
    </Flex>
  );
}
