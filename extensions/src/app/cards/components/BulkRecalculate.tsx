// The bulk action's screen (crm.bulkActions on the companies index page): how many companies
// are selected, one button to recalculate them (at most 100, one signed call to the backend),
// and then per company what came of it — its segment now, or why it was not recalculated.
import { useState } from 'react';
import { Alert, Button, Flex, Heading, StatusTag, Table, TableBody, TableCell, TableHead, TableHeader, TableRow, Text } from '@hubspot/ui-extensions';
import { backendUrlOf, BULK_LIMIT, recalculateCompanies, type ApiError, type Fetcher } from '../api/client.ts';
import type { BulkOutcome, Segment } from '../api/types.ts';
import { createI18n, type I18n } from '../i18n/i18n.ts';
import { toApiError } from '../useCompanyCard.ts';
import { segmentStatusVariant } from './SegmentHeader.tsx';

/** The parts of HubSpot's crm.bulkActions context the action reads. */
export interface BulkContext {
  crm: { objectTypeId: string; objectIds: readonly (number | string)[] };
  user: { locale?: string; language?: string };
  portal: { timezone?: string };
  variables?: Record<string, unknown>;
}

export interface BulkActions {
  addAlert: (alert: { type?: 'info' | 'warning' | 'success' | 'danger' | 'tip'; message: string; title?: string }) => void;
}

const COMPANIES = '0-2';

type State = { kind: 'idle' } | { kind: 'running' } | { kind: 'done'; outcomes: BulkOutcome[] } | { kind: 'failed'; error: ApiError };

export function BulkRecalculate({ context, actions, fetcher }: { context: BulkContext; actions: BulkActions; fetcher?: Fetcher }) {
  const i18n = createI18n(context.user.locale ?? context.user.language, context.portal.timezone);
  const { t } = i18n;
  const [state, setState] = useState<State>({ kind: 'idle' });
  const selected = context.crm.objectIds;
  const ids = selected.slice(0, BULK_LIMIT);

  if (context.crm.objectTypeId !== COMPANIES) return <Text testId="wrong-object">{t.bulk.wrongObject}</Text>;
  if (ids.length === 0) return <Text testId="none-selected">{t.bulk.none}</Text>;

  const run = () => {
    setState({ kind: 'running' });
    recalculateCompanies(backendUrlOf(context.variables), ids, fetcher).then(
      ({ results }) => {
        setState({ kind: 'done', outcomes: results });
        const done = results.filter((r) => r.status === 'recalculated').length;
        actions.addAlert({ type: done === results.length ? 'success' : 'warning', message: t.bulk.summary(done, results.length) });
      },
      (error: unknown) => setState({ kind: 'failed', error: toApiError(error) }),
    );
  };

  return (
    <Flex direction="column" gap="md">
      <Heading>{t.bulk.title}</Heading>
      <Text testId="bulk-intro">{t.bulk.intro(ids.length)}</Text>
      {selected.length > BULK_LIMIT && (
        <Alert testId="too-many" variant="warning" title={t.bulk.title}>
          {t.bulk.tooMany(selected.length, BULK_LIMIT)}
        </Alert>
      )}
      {state.kind !== 'done' && (
        <Flex direction="row">
          <Button testId="run" variant="primary" disabled={state.kind === 'running'} onClick={run}>
            {state.kind === 'running' ? t.bulk.running : t.bulk.run(ids.length)}
          </Button>
        </Flex>
      )}
      {state.kind === 'failed' && (
        <Alert testId="bulk-error" variant="danger" title={t.bulk.failedTitle}>
          {`${t.errors.kinds[state.error.kind]} ${t.errors.detail(state.error.code, state.error.message)}`}
        </Alert>
      )}
      {state.kind === 'done' && <Outcomes outcomes={state.outcomes} i18n={i18n} />}
    </Flex>
  );
}

function Outcomes({ outcomes, i18n }: { outcomes: BulkOutcome[]; i18n: I18n }) {
  const { t } = i18n;
  const done = outcomes.filter((o) => o.status === 'recalculated').length;
  return (
    <Flex direction="column" gap="sm">
      <Text testId="bulk-summary" format={{ fontWeight: 'demibold' }}>
        {t.bulk.summary(done, outcomes.length)}
      </Text>
      <Table testId="bulk-results" bordered>
        <TableHead>
          <TableRow>
            <TableHeader>{t.bulk.company}</TableHeader>
            <TableHeader>{t.bulk.outcome}</TableHeader>
            <TableHeader>{t.bulk.segment}</TableHeader>
          </TableRow>
        </TableHead>
        <TableBody>
          {outcomes.map((o) => (
            <TableRow key={o.companyId} testId={`outcome-${o.companyId}`}>
              <TableCell>{o.status === 'recalculated' ? `${o.name} (${o.companyId})` : o.companyId}</TableCell>
              <TableCell>
                {o.status === 'recalculated'
                  ? `${t.bulk.statuses.recalculated}${o.written ? '' : ` (${t.bulk.unchanged})`}`
                  : `${t.bulk.statuses[o.status]}: ${o.message}`}
              </TableCell>
              <TableCell>{o.status === 'recalculated' ? <SegmentStatus segment={o.segment} i18n={i18n} /> : '—'}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Flex>
  );
}

function SegmentStatus({ segment, i18n }: { segment: Segment | null; i18n: I18n }) {
  return <StatusTag variant={segmentStatusVariant(segment)}>{segment === null ? i18n.t.noSegment : i18n.t.segmentTag(segment)}</StatusTag>;
}
