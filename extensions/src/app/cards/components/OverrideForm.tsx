// Override the computed segment: a segment, a mandatory reason and an optional end date.
// Nothing is sent without a reason. When an override is in force it can be removed.
import { useState } from 'react';
import { Alert, Button, DateInput, Flex, Form, Heading, LoadingSpinner, Select, Text, TextArea } from '@hubspot/ui-extensions';
import type { ApiError } from '../api/client.ts';
import { SEGMENTS, type Override, type OverrideRequest, type Segment } from '../api/types.ts';
import type { I18n } from '../i18n/i18n.ts';

export const MAX_REASON_LENGTH = 1000;

export interface PickedDate {
  year: number;
  /** 0 = January */
  month: number;
  date: number;
}

export function isoDay({ year, month, date }: PickedDate): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${String(year).padStart(4, '0')}-${pad(month + 1)}-${pad(date)}`;
}

export type OverrideBusy = 'saving' | 'removing' | null;

interface Props {
  override: Override | null;
  busy: OverrideBusy;
  /** a request is running elsewhere on the card (e.g. a recalculation) */
  disabled: boolean;
  error: ApiError | null;
  onSave: (request: OverrideRequest) => void;
  onRemove: () => void;
  i18n: I18n;
}

function isSegment(value: unknown): value is Segment {
  return typeof value === 'string' && (SEGMENTS as readonly string[]).includes(value);
}

export function OverrideForm({ override, busy, disabled, error, onSave, onRemove, i18n }: Props) {
  const t = i18n.t.overrideForm;
  const [segment, setSegment] = useState<Segment | null>(override?.segment ?? null);
  const [reason, setReason] = useState('');
  const [expiry, setExpiry] = useState<PickedDate | null>(null);
  const [errors, setErrors] = useState<{ segment?: string; reason?: string }>({});

  const validate = (nextSegment: Segment | null, nextReason: string) => {
    const found: { segment?: string; reason?: string } = {};
    if (nextSegment === null) found.segment = t.segmentRequired;
    const trimmed = nextReason.trim();
    if (trimmed === '') found.reason = t.reasonRequired;
    else if (trimmed.length > MAX_REASON_LENGTH) found.reason = t.reasonTooLong(MAX_REASON_LENGTH);
    return found;
  };

  const save = () => {
    const found = validate(segment, reason);
    setErrors(found);
    if (found.segment !== undefined || found.reason !== undefined || segment === null) return;
    onSave({ segment, reason: reason.trim(), ...(expiry ? { expiresAt: isoDay(expiry) } : {}) });
  };

  const onReason = (value: string) => {
    setReason(value);
    // Clear the message as soon as it no longer applies; never add one before a save.
    if (errors.reason !== undefined) setErrors((e) => ({ ...e, reason: validate(segment, value).reason }));
  };

  const locked = disabled || busy !== null;
  return (
    <Flex direction="column" gap="sm">
      <Heading>{t.heading}</Heading>
      <Text variant="microcopy">{t.intro}</Text>
      <Form preventDefault autoComplete="off">
        <Flex direction="column" gap="sm">
          <Select
            testId="override-segment"
            name="segment"
            label={t.segment}
            placeholder={t.segmentPlaceholder}
            required
            value={segment ?? undefined}
            options={SEGMENTS.map((s) => ({ label: i18n.t.segmentTag(s), value: s }))}
            error={errors.segment !== undefined}
            validationMessage={errors.segment}
            onChange={(value) => {
              if (!isSegment(value)) return;
              setSegment(value);
              if (errors.segment !== undefined) setErrors((e) => ({ ...e, segment: undefined }));
            }}
          />
          <TextArea
            testId="override-reason"
            name="reason"
            label={t.reason}
            description={t.reasonDescription}
            required
            maxLength={MAX_REASON_LENGTH}
            value={reason}
            error={errors.reason !== undefined}
            validationMessage={errors.reason}
            onInput={onReason}
            onChange={onReason}
          />
          <DateInput
            testId="override-expiry"
            name="expiresAt"
            label={t.expiry}
            description={t.expiryDescription}
            format="YYYY-MM-DD"
            value={expiry ?? undefined}
            onChange={(value) => setExpiry(value ? { year: value.year, month: value.month, date: value.date } : null)}
          />
          {error && (
            <Alert testId="override-error" variant="danger" title={t.failedTitle}>
              {error.message}
            </Alert>
          )}
          <Flex direction="row" gap="sm" align="center">
            <Button testId="override-save" type="button" variant="primary" disabled={locked} onClick={save}>
              {t.submit}
            </Button>
            {override && (
              <Button testId="override-remove" type="button" variant="destructive" disabled={locked} onClick={onRemove}>
                {t.remove}
              </Button>
            )}
            {busy !== null && <LoadingSpinner testId="override-busy" size="sm" showLabel label={busy === 'saving' ? t.saving : t.removing} />}
          </Flex>
        </Flex>
      </Form>
    </Flex>
  );
}
