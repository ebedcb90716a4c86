// Total value over past runs, oldest first; each point is labelled with its date and the
// segment of that run.
import { Flex, Heading, LineChart, Text } from '@hubspot/ui-extensions';
import type { HistoryPoint } from '../api/types.ts';
import type { I18n } from '../i18n/i18n.ts';

export interface HistoryRow {
  [key: string]: string | number;
  run: string;
  totalValue: number;
  segment: string;
}

export function historyRows(history: HistoryPoint[], i18n: I18n): HistoryRow[] {
  const oldestFirst = [...history].sort((a, b) => a.asOf - b.asOf);
  const days = oldestFirst.map((p) => i18n.format.date(p.asOf));
  // Two runs on one day: tell them apart by the time.
  const label = (p: HistoryPoint, i: number) => (days.filter((d) => d === days[i]).length > 1 ? i18n.format.dateTime(p.asOf) : days[i] ?? '');
  return oldestFirst.map((point, i) => {
    const segment = point.segment ?? '–';
    return { run: `${label(point, i)} (${segment})`, totalValue: Math.round(point.totalValue), segment };
  });
}

export function HistoryChart({ history, i18n }: { history: HistoryPoint[]; i18n: I18n }) {
  const { t } = i18n;
  return (
    <Flex direction="column" gap="xs">
      <Heading>{t.history.heading}</Heading>
      {history.length < 2 ? (
        <Text>{t.history.tooFew}</Text>
      ) : (
        <LineChart
          testId="history-chart"
          data={historyRows(history, i18n)}
          axes={{ x: { field: 'run', fieldType: 'category', label: t.history.axisRun }, y: { field: 'totalValue', fieldType: 'linear', label: t.history.axisValue } }}
          options={{ showTooltips: true, showDataLabels: false }}
        />
      )}
    </Flex>
  );
}
