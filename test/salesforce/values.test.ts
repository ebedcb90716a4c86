// The small pieces the connector stands on: ids, Salesforce's date formats, SOQL literals, the
// XML reader, field names, and mapping rows to records.
import { describe, expect, it } from 'vitest';
import { PROPERTY_NAMES } from '../../src/domain/crm-properties.ts';
import { fieldName, fieldValue, RESULT_FIELDS } from '../../src/adapters/crm/salesforce/setup/salesforce.fields.ts';
import { ingestCsv } from '../../src/adapters/crm/salesforce/write/salesforce.bulk-ingest.ts';
import { orgOfTenant, parseIdentityUrl, tenantOfOrg, toId18 } from '../../src/adapters/crm/salesforce/client/salesforce.ids.ts';
import { combineLineItems, lineItemFigures, mapEvent, mapTask } from '../../src/adapters/crm/salesforce/read/salesforce.mapper.ts';
import { OVERRIDE_FIELD, OVERRIDE_REASON_FIELD } from '../../src/adapters/crm/salesforce/read/salesforce.objects.ts';
import { rowParsers } from '../../src/adapters/crm/salesforce/read/salesforce.records.ts';
import { DEFAULT_FIELD_NAMES } from '../../src/adapters/crm/salesforce/setup/salesforce.fields.ts';
import { datetimeLiteral, inList, quote } from '../../src/adapters/crm/salesforce/read/salesforce.soql.ts';
import { parseInstant } from '../../src/adapters/crm/salesforce/read/salesforce.values.ts';
import { parseXml } from '../../src/adapters/crm/salesforce/inbound/salesforce.xml.ts';
import { parseCsvRows } from '../../src/adapters/crm/salesforce/client/salesforce.csv.ts';

const parse = rowParsers(DEFAULT_FIELD_NAMES);
const rules = { roles: { owners: { '005Aj000001xYzAIAU': 'account_manager' }, default: 'inside_sales' }, visitTypes: ['visit', 'klantbezoek'], noteTypes: ['note'] };

describe('Salesforce ids', () => {
  it('gives the 18-character form with the case-safe suffix', () => {
    expect(toId18('001A0000006Vm9r')).toBe('001A0000006Vm9rIAC');
    expect(toId18('001A0000006Vm9rIAC')).toBe('001A0000006Vm9rIAC');
    expect(() => toId18("001' OR 1=1")).toThrow();
  });

  it('names one tenant per org however its id arrives', () => {
    expect(tenantOfOrg('00DAj000000AbCd')).toBe('salesforce:00DAj000000AbCdMAK');
    expect(orgOfTenant('salesforce:00DAj000000AbCdMAK')).toBe('00DAj000000AbCdMAK');
    expect(orgOfTenant('hubspot:4242')).toBeNull();
    expect(parseIdentityUrl('https://login.salesforce.com/id/00DAj000000AbCdMAK/005Aj000001xYzAIAU')).toEqual({ orgId: '00DAj000000AbCdMAK', userId: '005Aj000001xYzAIAU' });
  });
});

describe('Salesforce values', () => {
  it('reads dates and datetimes as REST and Bulk API write them', () => {
    expect(parseInstant('2026-10-15T10:00:00.000+0000')).toBe(Date.parse('2026-10-15T10:00:00Z'));
    expect(parseInstant('2026-10-15T12:00:00.000+0200')).toBe(Date.parse('2026-10-15T10:00:00Z'));
    expect(parseInstant('2026-10-15T10:00:00.000Z')).toBe(Date.parse('2026-10-15T10:00:00Z'));
    expect(parseInstant('2026-10-15')).toBe(Date.parse('2026-10-15T00:00:00Z'));
    expect(parseInstant('15-10-2026')).toBeUndefined();
  });

  it('writes SOQL literals that cannot end early', () => {
    expect(quote("O'Brien \\ Zn")).toBe("'O\\'Brien \\\\ Zn'");
    expect(inList(['a', "b'"])).toBe("('a', 'b\\'')");
    expect(datetimeLiteral(Date.parse('2026-10-15T10:00:00.789Z'))).toBe('2026-10-15T10:00:00Z');
  });

  it('names a field per property, and converts values to the field types', () => {
    expect(RESULT_FIELDS.map((f) => f.property)).toEqual([...PROPERTY_NAMES]);
    expect(RESULT_FIELDS.every((f) => /^Account\.KW_[A-Za-z0-9]+(_[A-Za-z0-9]+)*__c$/.test(f.fullName) && f.label.length <= 40)).toBe(true);
    expect([fieldName('segment_override'), fieldName('segment_override_reason'), fieldName('kw_clv')]).toEqual([OVERRIDE_FIELD, OVERRIDE_REASON_FIELD, 'KW_CLV__c']);
    expect([fieldValue('total_value', '1234.50'), fieldValue('contact_overdue', 'yes'), fieldValue('contact_overdue', 'no'), fieldValue('next_contact_date', null), fieldValue('segment', 'A')]).toEqual([1234.5, true, false, null, 'A']);
  });

  it('writes one ingest CSV for updates that set different fields', () => {
    expect(ingestCsv([{ Id: '1', KW_Segment__c: 'A' }, { Id: '2', KW_Explanation__c: 'Top, "loyal"', KW_Segment__c: null }])).toBe('Id,KW_Segment__c,KW_Explanation__c\n1,A,\n2,#N/A,"Top, ""loyal"""\n');
  });
});

describe('Salesforce rows to records', () => {
  it('tells calls, emails, notes and tasks apart, and costs them at the owner\'s role', () => {
    const task = (fields: Record<string, unknown>) => {
      const row = parse.task({ Id: '00T1', AccountId: '001A', OwnerId: '005Aj000001xYzAIAU', ActivityDate: '2026-10-01', CreatedDate: '2026-10-02T09:00:00.000+0000', ...fields });
      if (!row.ok) throw new Error(row.reason);
      return mapTask(row.value, '001A', rules);
    };
    expect(task({ TaskSubtype: 'Call', CallDurationInSeconds: 900 })).toEqual({ ok: true, value: { id: '00T1', companyId: '001A', type: 'call', occurredAt: Date.parse('2026-10-01'), durationMinutes: 15, ownerRole: 'account_manager' } });
    expect(task({ TaskSubtype: 'Email' })).toMatchObject({ value: { type: 'email' } });
    expect(task({ TaskSubtype: 'Task', Type: 'Note' })).toMatchObject({ value: { type: 'note' } });
    expect(task({ TaskSubtype: 'Task', Type: 'Other', OwnerId: '005Other' })).toMatchObject({ value: { type: 'task', ownerRole: 'inside_sales' } });
    expect(task({ ActivityDate: null })).toMatchObject({ value: { occurredAt: Date.parse('2026-10-02T09:00:00Z') } });
  });

  it('takes an event of a visit type as a visit, with its duration', () => {
    const row = parse.event({ Id: '00U1', AccountId: '001A', StartDateTime: '2026-10-01T08:00:00.000+0000', DurationInMinutes: 90, Type: 'Klantbezoek' });
    if (!row.ok) throw new Error(row.reason);
    expect(mapEvent(row.value, '001A', rules)).toMatchObject({ value: { type: 'visit', durationMinutes: 90 } });
  });

  it('reads cost and discount from products, and knows the cost only when every product has one', () => {
    const item = (fields: Record<string, unknown>) => {
      const row = parse.lineItem({ Id: '00k1', OpportunityId: '006A', ...fields });
      if (!row.ok) throw new Error(row.reason);
      return lineItemFigures(row.value);
    };
    const a = item({ Quantity: 2, UnitPrice: 100, TotalPrice: 180, Discount: 10, Cost__c: 60 });
    const b = item({ Quantity: 1, UnitPrice: 50, Discount: 5 });
    expect(a).toEqual({ cost: 120, discount: 20 });
    expect(b).toEqual({ discount: 2.5 });
    expect(combineLineItems([a, b])).toEqual({ discount: 22.5 });
    expect(combineLineItems([a, a])).toEqual({ cost: 240, discount: 40 });
  });

  it('says which field of a row cannot be read', () => {
    expect(parse.opportunity({ Id: '006A', Amount: '12,5', CloseDate: 'soon' })).toEqual({ ok: false, reason: "Amount: not a number ('12,5'); CloseDate: not a date ('soon')" });
    expect(parse.account({ Id: '001A', CreatedDate: null })).toEqual({ ok: false, reason: 'CreatedDate: missing' });
  });
});

describe('Salesforce XML reader', () => {
  it('reads elements, attributes, entities and CDATA', () => {
    const root = parseXml('<?xml version="1.0"?><!-- c --><a:root xmlns:a="urn:x" b="1 &amp; 2"><item>x &lt; y &#233;</item><item><![CDATA[<raw>]]></item><empty/></a:root>');
    expect(root).toMatchObject({ name: 'root', prefix: 'a', attributes: { 'xmlns:a': 'urn:x', b: '1 & 2' } });
    expect(root.children.map((c) => c.text)).toEqual(['x < y é', '<raw>', '']);
  });

  it('refuses what it does not understand instead of guessing', () => {
    for (const bad of ['<a><b></a>', '<a>&unknown;</a>', '<!DOCTYPE a><a/>', '<a/><b/>', '<a>', 'text', '<a>x & y</a>']) expect(() => parseXml(bad)).toThrow();
  });
});

describe('Salesforce CSV reader', () => {
  it('reads quoted fields with commas, doubled quotes and line breaks, and empty fields', () => {
    expect(parseCsvRows('"Id","Name","Note"\n"1","A, B","say ""hi""\nthen go"\n2,,\r\n')).toEqual([
      { Id: '1', Name: 'A, B', Note: 'say "hi"\nthen go' },
      { Id: '2', Name: '', Note: '' },
    ]);
    expect(parseCsvRows('"Id"\n')).toEqual([]);
    expect(parseCsvRows('')).toEqual([]);
  });

  it('refuses a row that does not match the header, and an unterminated quote', () => {
    expect(() => parseCsvRows('Id,Name\n1\n')).toThrow(/row 2/);
    expect(() => parseCsvRows('Id\n"1\n')).toThrow(/unterminated/);
  });
});
