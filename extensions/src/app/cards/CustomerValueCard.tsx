// The Klantwaarde company card (crm.record.tab on companies): segment and why, value and
// cost-to-serve with trends, where the money goes, the contact schedule (with its tasks when
// tasks are on), service warnings, the recommended action, history, Recalculate and Override.
// English or Dutch by the user's locale. Talks to the backend only through hubspot.fetch (see
// api/client.ts).
import { Divider, Flex, hubspot } from '@hubspot/ui-extensions';
import { backendUrlOf, type Fetcher } from './api/client.ts';
import { ContactSchedule } from './components/ContactSchedule.tsx';
import { CostChart } from './components/CostChart.tsx';
import { Drivers } from './components/Drivers.tsx';
import { HistoryChart } from './components/HistoryChart.tsx';
import { OverrideForm } from './components/OverrideForm.tsx';
import { RecalculateBar } from './components/Recalculate.tsx';
import { SegmentHeader } from './components/SegmentHeader.tsx';
import { RecommendedAction, ServiceAlert } from './components/ServiceAdvice.tsx';
import { ErrorView, LoadingView, NotComputedView, NotCustomerView } from './components/States.tsx';
import { ValueStatistics } from './components/ValueStatistics.tsx';
import { createI18n } from './i18n/i18n.ts';
import { useCompanyCard, type CardActions } from './useCompanyCard.ts';

/** The parts of HubSpot's crm.record.tab context the card reads. */
export interface CardContext {
  crm: { objectId: number | string };
  user: { locale?: string; language?: string };
  portal: { timezone?: string };
  /** config-profile variables; BACKEND_URL is the backend's public URL */
  variables?: Record<string, unknown>;
}

export interface CustomerValueCardProps {
  context: CardContext;
  actions: CardActions;
  /** defaults to hubspot.fetch */
  fetcher?: Fetcher;
}

export function CustomerValueCard({ context, actions, fetcher }: CustomerValueCardProps) {
  const i18n = createI18n(context.user.locale ?? context.user.language, context.portal.timezone);
  const { t } = i18n;
  const card = useCompanyCard({
    baseUrl: backendUrlOf(context.variables),
    objectId: context.crm.objectId,
    actions,
    messages: { saved: t.overrideForm.saved, removed: t.overrideForm.removed, taskCreated: t.schedule.taskCreated },
    fetcher,
  });
  const { view, busy } = card;

  if (view.kind === 'loading') return <LoadingView i18n={i18n} />;
  if (view.kind === 'error') return <ErrorView error={view.error} onRetry={card.reload} i18n={i18n} />;

  const recalculateBar = (label?: string) => (
    <RecalculateBar
      busy={busy === 'recalculating'}
      disabled={busy !== null}
      error={card.recalculateError}
      onRecalculate={card.recalculate}
      i18n={i18n}
      label={label}
    />
  );

  if (view.kind === 'not_computed') return <NotComputedView i18n={i18n}>{recalculateBar(t.notComputed.button)}</NotComputedView>;

  const { result, previous, history, calculatedAt, service, owner, satisfaction, tasks } = view.data;
  if (!result.isCustomer) {
    return (
      <Flex direction="column" gap="md">
        <SegmentHeader result={result} calculatedAt={calculatedAt} owner={owner} satisfaction={satisfaction} i18n={i18n} />
        <NotCustomerView level={result.pyramidLevel} i18n={i18n} />
        {recalculateBar()}
      </Flex>
    );
  }

  return (
    <Flex direction="column" gap="md">
      <SegmentHeader result={result} calculatedAt={calculatedAt} owner={owner} satisfaction={satisfaction} i18n={i18n} />
      <ServiceAlert service={service} segment={result.segment} i18n={i18n} />
      <RecommendedAction action={result.recommendedAction} i18n={i18n} />
      {recalculateBar()}
      <Divider />
      <ValueStatistics result={result} previous={previous} i18n={i18n} />
      <Divider />
      <CostChart breakdown={result.costBreakdown} total={result.costToServe} i18n={i18n} />
      <Drivers drivers={result.drivers} i18n={i18n} />
      <Divider />
      <ContactSchedule
        contacts={result.contacts}
        tasks={
          tasks && {
            touchpoints: tasks,
            companyId: context.crm.objectId,
            creating: card.taskKey,
            disabled: busy !== null,
            error: card.taskError,
            onCreate: card.createTask,
          }
        }
        i18n={i18n}
      />
      <Divider />
      <HistoryChart history={history} i18n={i18n} />
      <Divider />
      <OverrideForm
        key={card.overrideVersion}
        override={result.override}
        busy={busy === 'saving' ? 'saving' : busy === 'removing' ? 'removing' : null}
        disabled={busy === 'recalculating'}
        error={card.overrideError}
        onSave={card.saveOverride}
        onRemove={card.removeOverride}
        i18n={i18n}
      />
    </Flex>
  );
}

hubspot.extend<'crm.record.tab'>(({ context, actions }) => <CustomerValueCard context={context} actions={actions} />);
