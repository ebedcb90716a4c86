// The effective segment as a tag, the pyramid level, and — when a person overrode the model —
// the computed segment, who overrode it, why and until when.
import { DescriptionList, DescriptionListItem, Flex, Heading, Tag, Text } from '@hubspot/ui-extensions';
import type { CardResponse, CompanyResult, Segment } from '../api/types.ts';
import type { I18n } from '../i18n/i18n.ts';

type TagVariant = 'success' | 'info' | 'warning' | 'error' | 'default';

const SEGMENT_VARIANT: Record<Segment, TagVariant> = { A: 'success', B: 'info', C: 'warning', D: 'error' };

export function segmentVariant(segment: Segment | null): TagVariant {
  return segment === null ? 'default' : SEGMENT_VARIANT[segment];
}

/** The segment's colour as a StatusTag dot (the tag's "error" is the dot's "danger"). */
export function segmentStatusVariant(segment: Segment | null): Exclude<TagVariant, 'error'> | 'danger' {
  const variant = segmentVariant(segment);
  return variant === 'error' ? 'danger' : variant;
}

/** The owner as the card shows them: by name, else by id; null without an owner. */
export function ownerText(owner: CardResponse['owner']): string | null {
  return owner ? (owner.name ?? owner.id) : null;
}

export function SegmentHeader({ result, calculatedAt, owner, satisfaction, i18n }: { result: CompanyResult; calculatedAt: number; owner?: CardResponse['owner']; satisfaction?: CardResponse['satisfaction']; i18n: I18n }) {
  const ownerName = ownerText(owner);
  const { t, format } = i18n;
  const override = result.override;
  return (
    <Flex direction="column" gap="sm">
      <Flex direction="row" gap="sm" align="center" wrap>
        <Heading inline>{result.name}</Heading>
        <Tag testId="segment-tag" variant={segmentVariant(result.segment)}>
          {result.segment === null ? t.noSegment : t.segmentTag(result.segment)}
        </Tag>
        <Tag testId="pyramid-level" variant="default">
          {t.levels[result.pyramidLevel]}
        </Tag>
        {result.valueRank !== null && <Text inline variant="microcopy">{t.valueRank(result.valueRank)}</Text>}
      </Flex>
      <Text variant="microcopy" testId="calculated-at">{t.calculatedAt(format.dateTime(calculatedAt))}</Text>
      {ownerName !== null && <Text variant="microcopy" testId="owner">{t.owner(ownerName)}</Text>}
      {satisfaction && <Text variant="microcopy" testId="satisfaction">{t.satisfaction(format.grade(satisfaction.score), satisfaction.responses)}</Text>}
      {override && (
        <DescriptionList testId="override-details" direction="row">
          <DescriptionListItem label={t.override.computed}>
            <Tag variant={segmentVariant(result.segmentComputed)}>
              {result.segmentComputed === null ? t.noSegment : t.segmentTag(result.segmentComputed)}
            </Tag>
          </DescriptionListItem>
          <DescriptionListItem label={t.override.by}>
            <Text>{override.by}</Text>
          </DescriptionListItem>
          <DescriptionListItem label={t.override.at}>
            <Text>{format.date(override.at)}</Text>
          </DescriptionListItem>
          <DescriptionListItem label={t.override.reason}>
            <Text>{override.reason}</Text>
          </DescriptionListItem>
          <DescriptionListItem label={t.override.until}>
            <Text>{override.expiresAt === undefined ? t.override.noExpiry : format.date(override.expiresAt)}</Text>
          </DescriptionListItem>
        </DescriptionList>
      )}
    </Flex>
  );
}
