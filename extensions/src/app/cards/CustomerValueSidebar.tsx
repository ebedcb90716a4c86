// The compact Klantwaarde card in a company's sidebar (crm.record.sidebar): the segment as a
// status tag, the next due contact, an alert when a contact is overdue or the customer is
// over-served, and a link to the full card on the record's tab. Same API call as that card.
import { Alert, Flex, hubspot, Link, StatusTag, Text } from '@hubspot/ui-extensions';
import { backendUrlOf, type Fetcher } from './api/client.ts';
import type { CardResponse } from './api/types.ts';
import type { CardContext } from './CustomerValueCard.tsx';
import { ownerText, segmentStatusVariant } from './components/SegmentHeader.tsx';
import { ServiceAlert } from './components/ServiceAdvice.tsx';
import { ErrorView, LoadingView } from './components/States.tsx';
import { createI18n, type I18n } from './i18n/i18n.ts';
import { useCompanyCard, type CardActions } from './useCompanyCard.ts';

export interface SidebarContext extends CardContext {
  portal: { id?: number; timezone?: string };
}

export interface CustomerValueSidebarProps {
  context: SidebarContext;
  actions: CardActions;
  fetcher?: Fetcher;
}

/** The company record in HubSpot; its "Customer value" tab holds the full card. */
export function recordUrl(portalId: number | undefined, objectId: number | string): string {
  return `https://app.hubspot.com/contacts/${portalId ?? ''}/record/0-2/${encodeURIComponent(String(objectId))}`;
}

export function CustomerValueSidebar({ context, actions, fetcher }: CustomerValueSidebarProps) {
  const i18n = createI18n(context.user.locale ?? context.user.language, context.portal.timezone);
  const { t } = i18n;
  // The sidebar only reads: saving messages belong to the tab card's override form.
  const card = useCompanyCard({ baseUrl: backendUrlOf(context.variables), objectId: context.crm.objectId, actions, messages: { saved: '', removed: '', taskCreated: '' }, fetcher });
  const { view } = card;
  const link = (
    <Link testId="full-card" href={recordUrl(context.portal.id, context.crm.objectId)}>
      {t.sidebar.fullCard}
    </Link>
  );
  if (view.kind === 'loading') return <LoadingView i18n={i18n} />;
  if (view.kind === 'error') return <ErrorView error={view.error} onRetry={card.reload} i18n={i18n} />;
  if (view.kind === 'not_computed') {
    return (
      <Flex direction="column" gap="sm">
        <Text testId="not-computed">{t.notComputed.title}</Text>
        {link}
      </Flex>
    );
  }
  const { result } = view.data;
  const owner = ownerText(view.data.owner);
  return (
    <Flex direction="column" gap="sm">
      <Flex direction="row" gap="sm" align="center" wrap>
        <StatusTag testId="segment-status" variant={segmentStatusVariant(result.segment)}>
          {result.segment === null ? t.noSegment : t.segmentTag(result.segment)}
        </StatusTag>
        <Text inline variant="microcopy">{t.levels[result.pyramidLevel]}</Text>
      </Flex>
      <Text testId="next-contact">
        <Text inline format={{ fontWeight: 'demibold' }}>{t.sidebar.nextContact}:</Text>{' '}
        {result.nextContactDate === null ? t.sidebar.noNextContact : i18n.format.date(result.nextContactDate)}
      </Text>
      <SidebarAlert data={view.data} i18n={i18n} />
      {owner !== null && <Text variant="microcopy" testId="owner">{t.owner(owner)}</Text>}
      {link}
    </Flex>
  );
}

/** The service flag (over- or under-served) in the tab card's words; else the most overdue touchpoint. */
function SidebarAlert({ data, i18n }: { data: CardResponse; i18n: I18n }) {
  const { result, service } = data;
  if (service.flag === 'over_served' || service.flag === 'under_served') return <ServiceAlert service={service} segment={result.segment} i18n={i18n} />;
  const late = [...result.contacts].filter((c) => c.overdue).sort((a, b) => b.daysOverdue - a.daysOverdue)[0];
  if (!result.contactOverdue || !late) return null;
  return (
    <Alert testId="overdue-alert" variant="danger" title={i18n.t.sidebar.overdueTitle}>
      {i18n.t.sidebar.overdue(late.touchpoint.name, late.daysOverdue)}
    </Alert>
  );
}

hubspot.extend<'crm.record.sidebar'>(({ context, actions }) => <CustomerValueSidebar context={context} actions={actions} />);
