// "Why this segment": the explanation's top drivers (what, value or cost, amount, share).
import { Flex, Heading, Table, TableBody, TableCell, TableHead, TableHeader, TableRow, Tag, Text } from '@hubspot/ui-extensions';
import type { CostLine, Driver } from '../api/types.ts';
import type { I18n } from '../i18n/i18n.ts';

/** The backend lists the drivers most important first. */
const TOP = 6;

export function driverName(element: string, i18n: I18n): string {
  const { elements } = i18n.t.drivers;
  const lines: Record<string, string> = i18n.t.costs.lines satisfies Record<CostLine, string>;
  return elements[element] ?? lines[element] ?? element.replace(/_/g, ' ');
}

export function Drivers({ drivers, i18n }: { drivers: Driver[]; i18n: I18n }) {
  const { t, format } = i18n;
  const top = drivers.slice(0, TOP);
  return (
    <Flex direction="column" gap="xs">
      <Heading>{t.drivers.heading}</Heading>
      {top.length === 0 ? (
        <Text>{t.drivers.none}</Text>
      ) : (
        <Table testId="drivers" density="condensed">
          <TableHead>
            <TableRow>
              <TableHeader>{t.drivers.element}</TableHeader>
              <TableHeader>{t.drivers.kind}</TableHeader>
              <TableHeader align="right">{t.drivers.amount}</TableHeader>
              <TableHeader align="right">{t.drivers.share}</TableHeader>
            </TableRow>
          </TableHead>
          <TableBody>
            {top.map((driver) => (
              <TableRow key={`${driver.kind}-${driver.element}`}>
                <TableCell>{driverName(driver.element, i18n)}</TableCell>
                <TableCell>
                  <Tag variant={driver.kind === 'value' ? 'success' : 'warning'}>{driver.kind === 'value' ? t.drivers.value : t.drivers.cost}</Tag>
                </TableCell>
                <TableCell align="right">{format.money(driver.amount)}</TableCell>
                <TableCell align="right">{format.percent(driver.share)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </Flex>
  );
}
