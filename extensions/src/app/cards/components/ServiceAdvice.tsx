// The service flag as an alert — over-served: the cost against the segment's budget and the
// money over budget; under-served: which touchpoint is late — and the recommended action in
// the user's words (from its code, not the backend's English sentence).
import { Alert, Flex, Heading, Text } from '@hubspot/ui-extensions';
import type { ActionCode, Segment, ServiceStanding } from '../api/types.ts';
import type { I18n } from '../i18n/i18n.ts';

export function ServiceAlert({ service, segment, i18n }: { service: ServiceStanding; segment: Segment | null; i18n: I18n }) {
  const { t, format } = i18n;
  if (service.flag === 'over_served') {
    const ratio = service.costToServeRatio === null ? null : format.percent(service.costToServeRatio);
    const lines: string[] = [];
    if (ratio !== null && service.budgetRatio !== null && segment !== null) lines.push(t.service.overServed(ratio, format.percent(service.budgetRatio), segment));
    else if (ratio !== null) lines.push(t.service.overServedNoBudget(ratio));
    if (service.overBudget !== null) lines.push(t.service.overBudget(format.money(service.overBudget)));
    return (
      <Alert testId="service-alert" variant="warning" title={t.service.overServedTitle}>
        {lines.join(' ')}
      </Alert>
    );
  }
  if (service.flag === 'under_served' && service.late) {
    return (
      <Alert testId="service-alert" variant="danger" title={t.service.underServedTitle}>
        {t.service.underServed(service.late.name, service.late.daysOverdue, service.late.everyDays)}
      </Alert>
    );
  }
  return null;
}

export function RecommendedAction({ action, i18n }: { action: ActionCode; i18n: I18n }) {
  return (
    <Flex direction="column" gap="xs">
      <Heading>{i18n.t.action.heading}</Heading>
      <Text testId="recommended-action" format={{ fontWeight: 'demibold' }}>
        {i18n.t.action.texts[action]}
      </Text>
    </Flex>
  );
}
