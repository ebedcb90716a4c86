// The card's other states: loading, never computed, not (yet) a customer, and errors that say
// what to do.
import type { ReactNode } from 'react';
import { Button, EmptyState, ErrorState, Flex, LoadingSpinner, Text } from '@hubspot/ui-extensions';
import type { ApiError } from '../api/client.ts';
import type { PyramidLevel } from '../api/types.ts';
import type { I18n } from '../i18n/i18n.ts';

export function LoadingView({ i18n }: { i18n: I18n }) {
  return <LoadingSpinner testId="loading" layout="centered" showLabel label={i18n.t.loading} />;
}

export function NotComputedView({ i18n, children }: { i18n: I18n; children: ReactNode }) {
  const { t } = i18n;
  return (
    <EmptyState testId="not-computed" title={t.notComputed.title} imageName="companies" layout="vertical">
      <Text>{t.notComputed.body}</Text>
      {children}
    </EmptyState>
  );
}

export function NotCustomerView({ level, i18n }: { level: PyramidLevel; i18n: I18n }) {
  const { t } = i18n;
  const what = level === 'inactive' || level === 'prospect' ? t.notCustomer.what[level] : t.notCustomer.what.suspect;
  return (
    <EmptyState testId="not-customer" title={t.notCustomer.title} imageName="target" layout="horizontal">
      <Text>{what}</Text>
      <Text>{t.notCustomer.becomes}</Text>
    </EmptyState>
  );
}

const RETRYABLE: ReadonlySet<ApiError['kind']> = new Set(['server', 'network']);

export function ErrorView({ error, onRetry, i18n }: { error: ApiError; onRetry: () => void; i18n: I18n }) {
  const { t } = i18n;
  const lock = error.kind === 'unauthorized' || error.kind === 'forbidden';
  return (
    <ErrorState testId="error" title={t.errors.title} type={lock ? 'lock' : 'error'}>
      <Text testId="error-what-to-do">{t.errors.kinds[error.kind]}</Text>
      <Text variant="microcopy">{t.errors.detail(error.code, error.message)}</Text>
      {RETRYABLE.has(error.kind) && (
        <Flex direction="row">
          <Button testId="retry" variant="primary" onClick={onRetry}>
            {t.errors.retry}
          </Button>
        </Flex>
      )}
    </ErrorState>
  );
}
