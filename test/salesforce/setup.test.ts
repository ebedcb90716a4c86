// `setup salesforce` with nock answering the Metadata API's SOAP: missing fields created ten at
// a time, existing ones compared and never changed, refusals reported, permission sets granted.
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { guardNock } from '../support/nock-guard.ts';
import { parseXml, type XmlElement } from '../../src/adapters/crm/salesforce/inbound/salesforce.xml.ts';
import { setupSalesforce } from '../../src/adapters/crm/salesforce/setup/salesforce.setup.ts';
import { INSTANCE, testConnection, text } from './helpers.ts';

const SOAP = '/services/Soap/m/62.0';

guardNock();

const envelope = (body: string) =>
  `<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns="http://soap.sforce.com/2006/04/metadata" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><soapenv:Body>${body}</soapenv:Body></soapenv:Envelope>`;
const XML = { 'Content-Type': 'text/xml;charset=UTF-8' };

/** The call inside a SOAP request jsforce sent: its name and its elements. */
function call(body: string): XmlElement {
  return parseXml(body).children.find((c) => c.name === 'Body')!.children[0]!;
}
const names = (element: XmlElement, name: string) => element.children.filter((c) => c.name === name);
const isCall = (method: string, type?: string) => (body: string) => {
  const c = call(body);
  return c.name === method && (type === undefined || (names(c, 'type')[0]?.text ?? names(c, 'metadata')[0]?.attributes['xsi:type']) === type);
};
/** readMetadata for components that do not exist: an empty record per name. */
const nothingFound = (body: string) => envelope(`<readMetadataResponse><result>${names(call(body), 'fullNames').map(() => '<records xsi:type="CustomField"/>').join('')}</result></readMetadataResponse>`);
const allSaved = (body: string) =>
  envelope(`<upsertMetadataResponse>${names(call(body), 'metadata').map((m) => `<result><created>true</created><fullName>${names(m, 'fullName')[0]!.text}</fullName><success>true</success></result>`).join('')}</upsertMetadataResponse>`);

describe('Salesforce setup', () => {
  it('creates the missing fields ten at a time, reports the existing and the different ones, and grants them in two permission sets', async () => {
    const upserted: XmlElement[] = [];
    nock(INSTANCE)
      .post(SOAP, (body: string) => isCall('readMetadata', 'CustomField')(body) && body.includes('Account.KW_Segment__c'))
      .reply(200, text('metadata-read-segment-fields.xml'), XML)
      .post(SOAP, isCall('readMetadata', 'CustomField'))
      .times(3)
      .reply(200, async (request: Request) => nothingFound(await request.text()), XML)
      .post(SOAP, isCall('upsertMetadata', 'CustomField'))
      .times(3)
      .reply(200, async (request: Request) => {
        const body = await request.text();
        upserted.push(...names(call(body), 'metadata'));
        return allSaved(body);
      }, XML)
      .post(SOAP, isCall('readMetadata', 'PermissionSet'))
      .times(2)
      .reply(200, envelope('<readMetadataResponse><result><records xsi:type="PermissionSet"/></result></readMetadataResponse>'), XML)
      .post(SOAP, isCall('upsertMetadata', 'PermissionSet'))
      .times(2)
      .reply(200, async (request: Request) => {
        const body = await request.text();
        upserted.push(...names(call(body), 'metadata'));
        return allSaved(body);
      }, XML);

    const report = await setupSalesforce({ conn: await testConnection() });
    expect(report.existing).toEqual(['Account.KW_Segment__c']);
    expect(report.differs).toEqual([
      {
        field: 'Account.KW_Segment_Computed__c',
        fields: ["label: 'Segment (computed)' expected, 'Klantsegment (model)' found", "value 'D': missing"],
        breaking: true,
      },
    ]);
    expect(report.created).toHaveLength(30);
    expect(report.failed).toEqual([]);
    const fields = upserted.filter((m) => m.attributes['xsi:type'] === 'CustomField');
    const field = (name: string) => fields.find((m) => names(m, 'fullName')[0]!.text === name)!;
    const value = (m: XmlElement, name: string) => names(m, name)[0]?.text;
    expect(value(field('Account.KW_Total_Value__c'), 'type')).toBe('Currency');
    expect([value(field('Account.KW_Total_Value__c'), 'precision'), value(field('Account.KW_Total_Value__c'), 'scale')]).toEqual(['18', '2']);
    const picklist = names(names(field('Account.KW_Recommended_Action__c'), 'valueSet')[0]!, 'valueSetDefinition')[0]!;
    expect(names(picklist, 'value').map((v) => value(v, 'fullName'))).toContain('move_to_digital_or_part_ways');
    expect(value(field('Account.Referred_By__c'), 'referenceTo')).toBe('Account');
    expect(value(field('Account.KW_Contact_Overdue__c'), 'defaultValue')).toBe('false');
    expect(value(field('OpportunityLineItem.Cost__c'), 'type')).toBe('Currency');
    // The contact-schedule tasks' marker: a field of Activity, so Tasks have it.
    expect([value(field('Activity.KW_Task_Key__c'), 'type'), value(field('Activity.KW_Task_Key__c'), 'length')]).toEqual(['Text', '255']);
    const sets = upserted.filter((m) => m.attributes['xsi:type'] === 'PermissionSet');
    const grants = (name: string) => names(sets.find((s) => value(s, 'fullName') === name)!, 'fieldPermissions').map((p) => `${value(p, 'field')}:${value(p, 'editable')}`);
    expect(grants('Klantwaarde_Integration')).toContain('Account.KW_Segment__c:true');
    expect(grants('Klantwaarde_User')).toEqual(expect.arrayContaining(['Account.KW_Segment__c:false', 'Account.KW_Segment_Override__c:true', 'Account.KW_Is_Reference__c:true', 'Activity.KW_Task_Key__c:false']));
    expect(grants('Klantwaarde_Integration')).toContain('Activity.KW_Task_Key__c:true');
    expect(report.permissionSets).toEqual([
      { name: 'Klantwaarde_Integration', status: 'created', added: expect.arrayContaining(['Account.KW_Calculated_At__c']) },
      { name: 'Klantwaarde_User', status: 'created', added: expect.arrayContaining(['Account.KW_Calculated_At__c']) },
    ]);
  });

  it('reports a field Salesforce refused to create and leaves it out of the permission sets', async () => {
    let grantedReferral = false;
    nock(INSTANCE)
      .post(SOAP, isCall('readMetadata', 'CustomField'))
      .times(4)
      .reply(200, async (request: Request) => {
        const body = await request.text();
        // Everything exists except the override and the referral lookup.
        const records = names(call(body), 'fullNames').map((n) => (/KW_Segment_Override__c$|Referred_By__c$/.test(n.text) ? '<records xsi:type="CustomField"/>' : `<records xsi:type="CustomField"><fullName>${n.text}</fullName></records>`));
        return envelope(`<readMetadataResponse><result>${records.join('')}</result></readMetadataResponse>`);
      }, XML)
      .post(SOAP, isCall('upsertMetadata', 'CustomField'))
      .reply(200, text('metadata-upsert-one-refused.xml'), XML)
      .post(SOAP, isCall('readMetadata', 'PermissionSet'))
      .times(2)
      .reply(200, envelope('<readMetadataResponse><result><records xsi:type="PermissionSet"/></result></readMetadataResponse>'), XML)
      .post(SOAP, isCall('upsertMetadata', 'PermissionSet'))
      .times(2)
      .reply(200, async (request: Request) => {
        const body = await request.text();
        grantedReferral ||= body.includes('Account.Referred_By__c');
        return allSaved(body);
      }, XML);
    const report = await setupSalesforce({ conn: await testConnection() });
    expect(report.created).toEqual(['Account.KW_Segment_Override__c']);
    expect(report.failed).toEqual([{ item: 'Account.Referred_By__c', code: 'crm.setup_failed', message: expect.stringContaining('DUPLICATE_DEVELOPER_NAME') }]);
    expect(grantedReferral).toBe(false);
  });
});
