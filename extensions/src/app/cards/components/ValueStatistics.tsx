// Revenue, gross margin, cost-to-serve, net contribution, CLV, strategic value and total
// value, each with its trend against the previous run (none after the first run, none when
// the figure did not change or was zero before).
import { Flex, Heading, Statistics, StatisticsItem, StatisticsTrend, Text } from '@hubspot/ui-extensions';
import type { CompanyResult, HistoryPoint } from '../api/types.ts';
import type { I18n } from '../i18n/i18n.ts';

type Figure = 'revenue' | 'grossMargin' | 'costToServe' | 'netContribution' | 'clv' | 'strategicValue' | 'totalValue';
const FIGURES: readonly Figure[] = ['revenue', 'grossMargin', 'costToServe', 'netContribution', 'clv', 'strategicValue', 'totalValue'];
/** Figures where going up is bad news. */
const LOWER_IS_BETTER: ReadonlySet<Figure> = new Set(['costToServe']);

export interface Trend {
  direction: 'increase' | 'decrease';
  /** relative change, always ≥ 0 */
  change: number;
  color: 'green' | 'red';
}

export function trendOf(figure: Figure, current: number, previous: number | undefined): Trend | null {
  if (previous === undefined || previous === 0 || current === previous) return null;
  const direction = current > previous ? 'increase' : 'decrease';
  const good = (direction === 'increase') !== LOWER_IS_BETTER.has(figure);
  return { direction, change: Math.abs((current - previous) / previous), color: good ? 'green' : 'red' };
}

export function ValueStatistics({ result, previous, i18n }: { result: CompanyResult; previous: HistoryPoint | null; i18n: I18n }) {
  const { t, format } = i18n;
  return (
    <Flex direction="column" gap="xs">
      <Heading>{t.stats.heading}</Heading>
      <Statistics testId="value-statistics">
        {FIGURES.map((figure) => {
          const trend = trendOf(figure, result[figure], previous?.[figure]);
          return (
            <StatisticsItem key={figure} id={figure} testId={`stat-${figure}`} label={t.stats[figure]} number={format.money(result[figure])}>
              {trend && <StatisticsTrend direction={trend.direction} color={trend.color} value={format.percent(trend.change)} />}
            </StatisticsItem>
          );
        })}
      </Statistics>
      {previous && <Text variant="microcopy">{t.stats.trendNote(format.date(previous.asOf))}</Text>}
    </Flex>
  );
}
