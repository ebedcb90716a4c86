// The Recalculate button: progress while the backend recomputes, and on failure what went
// wrong and what to do.
import { Alert, Button, Flex, LoadingSpinner, Text } from '@hubspot/ui-extensions';
import type { ApiError } from '../api/client.ts';
import type { I18n } from '../i18n/i18n.ts';

interface Props {
  busy: boolean;
  disabled: boolean;
  error: ApiError | null;
  onRecalculate: () => void;
  i18n: I18n;
  label?: string;
}

export function RecalculateBar({ busy, disabled, error, onRecalculate, i18n, label }: Props) {
  const { t } = i18n;
  return (
    <Flex direction="column" gap="xs">
      <Flex direction="row" gap="sm" align="center">
        <Button testId="recalculate" variant="secondary" disabled={busy || disabled} onClick={onRecalculate}>
          {label ?? t.recalc.button}
        </Button>
        {busy && <LoadingSpinner testId="recalculating" size="sm" showLabel label={t.recalc.busy} />}
      </Flex>
      {error && (
        <Alert testId="recalculate-error" variant="danger" title={t.recalc.failedTitle}>
          <Text>{t.errors.kinds[error.kind]}</Text>
          <Text variant="microcopy">{t.errors.detail(error.code, error.message)}</Text>
        </Alert>
      )}
    </Flex>
  );
}
