// Maps one CSV row of each file onto the normalized records (PRODUCT.md §2); a row with a
// refused cell maps to undefined, its errors already recorded by the row.
import { ACTIVITY_TYPES, CONTACT_LAYERS, DEAL_STATUSES, RELATION_KINDS, SEGMENTS } from '../../../domain/records.ts';
import type { Activity, Company, Deal, Override, Relation } from '../../../domain/records.ts';
import { boolean, DOT_DECIMAL, instant, label, numberParsers, oneOf, text, type CellParser, type NumberFormat } from './cell-parsers.ts';
import type { CsvRow } from './csv.row.ts';

const dealStatus = oneOf(DEAL_STATUSES);
const activityType = oneOf(ACTIVITY_TYPES);
const contactLayer = oneOf(CONTACT_LAYERS);
const relationKind = oneOf(RELATION_KINDS);
const segment = oneOf(SEGMENTS);
const industryLabel = label();
const lifecycleLabel = label();
const ownerLabel = label();
const pipelineLabel = label();
/** The label parsers mapCompany reads with, for company.line.ts to read with too (rows share their strings). */
export const COMPANY_LABELS = { industry: industryLabel, lifecycle: lifecycleLabel, owner: ownerLabel };
const roleLabel = label();

/** Without created_at the reader fills in the company's earliest deal or activity date. */
export const UNKNOWN_CREATED_AT = Number.POSITIVE_INFINITY;

export interface RowMappers {
  mapCompany(row: CsvRow): Company | undefined;
  /** `company` reads a company id cell: plain text, or checked against the known companies. */
  /** With `scratch`, fills and returns that record (no id) instead of a new one: see readDeal. */
  mapDeal(row: CsvRow, company?: CellParser<string>, scratch?: Deal): Deal | undefined;
  mapActivity(row: CsvRow, company?: CellParser<string>, scratch?: Activity): Activity | undefined;
  mapRelation(row: CsvRow, company?: CellParser<string>): Relation | undefined;
  mapOverride(row: CsvRow, company?: CellParser<string>): Override | undefined;
}

export interface MapperOptions {
  /**
   * Companies with every field of Company as a property of their own, undefined where the cell
   * is empty: all of one shape, for a run that computes them. The figures read each company's
   * fields, and the shapes of the fields that are there (195 in the 100k sample) made every such
   * read a megamorphic lookup. Off: only the fields that are there, as a round trip gives back.
   */
  everyCompanyField?: boolean;
}

/** The mappers of a folder whose numbers are written in `format`. */
export function rowMappers(format: NumberFormat = DOT_DECIMAL, options: MapperOptions = {}): RowMappers {
  const { number, nonNegativeNumber, wholeNumber, fraction } = numberParsers(format);
  const everyField = options.everyCompanyField === true;

  function mapCompany(row: CsvRow): Company | undefined {
    const id = row.required('id', text);
    const name = row.required('name', text);
    const createdAt = row.optional('created_at', instant) ?? UNKNOWN_CREATED_AT;
    // The optional fields below are set in place where the cell has a value: the shape stays one.
    const company: Company = everyField
      ? { id, name, createdAt, parentId: undefined, industry: undefined, employees: undefined, annualRevenue: undefined, lifecycleStage: undefined, ownerId: undefined, isReference: undefined, codevelopment: undefined, estimatedWallet: undefined, satisfaction: undefined, satisfactionResponses: undefined }
      : { id, name, createdAt };
    const parentId = row.optional('parent_id', text);
    if (parentId !== undefined) {
      if (parentId === company.id) row.fail('parent_id', parentId, 'a company cannot be its own parent');
      company.parentId = parentId;
    }
    const industry = row.optional('industry', industryLabel);
    if (industry !== undefined) company.industry = industry;
    const employees = row.optional('employees', wholeNumber);
    if (employees !== undefined) company.employees = employees;
    const annualRevenue = row.optional('annual_revenue', nonNegativeNumber);
    if (annualRevenue !== undefined) company.annualRevenue = annualRevenue;
    const lifecycleStage = row.optional('lifecycle_stage', lifecycleLabel);
    if (lifecycleStage !== undefined) company.lifecycleStage = lifecycleStage;
    const ownerId = row.optional('owner_id', ownerLabel);
    if (ownerId !== undefined) company.ownerId = ownerId;
    const isReference = row.optional('is_reference', boolean);
    if (isReference !== undefined) company.isReference = isReference;
    const codevelopment = row.optional('codevelopment', boolean);
    if (codevelopment !== undefined) company.codevelopment = codevelopment;
    const estimatedWallet = row.optional('estimated_wallet', nonNegativeNumber);
    if (estimatedWallet !== undefined) company.estimatedWallet = estimatedWallet;
    const satisfaction = row.optional('satisfaction', nonNegativeNumber);
    if (satisfaction !== undefined) company.satisfaction = satisfaction;
    return row.ok ? company : undefined;
  }

  function mapDeal(row: CsvRow, company: CellParser<string> = text, scratch?: Deal): Deal | undefined {
    if (scratch) return readDeal(row, company, scratch);
    const deal: Deal = {
      id: row.required('id', text),
      companyId: row.required('company_id', company),
      amount: row.required('amount', number),
      closeDate: row.required('close_date', instant),
      status: row.required('status', dealStatus),
    };
    const pipeline = row.optional('pipeline', pipelineLabel);
    if (pipeline !== undefined) deal.pipeline = pipeline;
    const cost = row.optional('cost', nonNegativeNumber);
    if (cost !== undefined) deal.cost = cost;
    const marginPct = row.optional('margin_pct', fraction);
    if (marginPct !== undefined) deal.marginPct = marginPct;
    const discount = row.optional('discount', nonNegativeNumber);
    if (discount !== undefined) deal.discount = discount;
    const orderCount = row.optional('order_count', wholeNumber);
    if (orderCount !== undefined) deal.orderCount = orderCount;
    return row.ok ? deal : undefined;
  }

  /**
   * The deal's fields into `into`, every optional one set (undefined when empty), without
   * its id (checked by the caller, not kept): a reused record for a run that only sums.
   */
  function readDeal(row: CsvRow, company: CellParser<string>, into: Deal): Deal | undefined {
    row.present('id');
    into.companyId = row.required('company_id', company);
    into.amount = row.required('amount', number);
    into.closeDate = row.required('close_date', instant);
    into.status = row.required('status', dealStatus);
    into.pipeline = row.optional('pipeline', pipelineLabel);
    into.cost = row.optional('cost', nonNegativeNumber);
    into.marginPct = row.optional('margin_pct', fraction);
    into.discount = row.optional('discount', nonNegativeNumber);
    into.orderCount = row.optional('order_count', wholeNumber);
    return row.ok ? into : undefined;
  }

  function mapActivity(row: CsvRow, company: CellParser<string> = text, scratch?: Activity): Activity | undefined {
    if (scratch) return readActivity(row, company, scratch);
    const activity: Activity = {
      id: row.required('id', text),
      companyId: row.required('company_id', company),
      type: row.required('type', activityType),
      occurredAt: row.required('occurred_at', instant),
    };
    const durationMinutes = row.optional('duration_minutes', nonNegativeNumber);
    if (durationMinutes !== undefined) activity.durationMinutes = durationMinutes;
    const ownerRole = row.optional('owner_role', roleLabel);
    if (ownerRole !== undefined) activity.ownerRole = ownerRole;
    const layer = row.optional('contact_layer', contactLayer);
    if (layer !== undefined) activity.contactLayer = layer;
    return row.ok ? activity : undefined;
  }

  /** The activity's fields into a reused record, like readDeal. */
  function readActivity(row: CsvRow, company: CellParser<string>, into: Activity): Activity | undefined {
    row.present('id');
    into.companyId = row.required('company_id', company);
    into.type = row.required('type', activityType);
    into.occurredAt = row.required('occurred_at', instant);
    into.durationMinutes = row.optional('duration_minutes', nonNegativeNumber);
    into.ownerRole = row.optional('owner_role', roleLabel);
    into.contactLayer = row.optional('contact_layer', contactLayer);
    return row.ok ? into : undefined;
  }

  function mapRelation(row: CsvRow, company: CellParser<string> = text): Relation | undefined {
    const relation: Relation = {
      fromCompanyId: row.required('from_company_id', company),
      toCompanyId: row.required('to_company_id', company),
      kind: row.required('kind', relationKind),
    };
    if (row.ok && relation.fromCompanyId === relation.toCompanyId) row.fail('to_company_id', relation.toCompanyId, 'a company cannot be related to itself');
    return row.ok ? relation : undefined;
  }

  function mapOverride(row: CsvRow, company: CellParser<string> = text): Override | undefined {
    const override: Override = {
      companyId: row.required('company_id', company),
      segment: row.required('segment', segment),
      reason: row.required('reason', text),
      by: row.required('by', text),
      at: row.required('at', instant),
    };
    const expiresAt = row.optional('expires_at', instant);
    if (expiresAt !== undefined) override.expiresAt = expiresAt;
    return row.ok ? override : undefined;
  }

  return { mapCompany, mapDeal, mapActivity, mapRelation, mapOverride };
}
