// The Metadata API's SOAP endpoint for readMetadata and upsertMetadata of CustomField and
// PermissionSet: parses the envelope jsforce sends, keeps the definitions, answers in SOAP.
import { attributeNamed, escapeXml, parseXml, type XmlElement } from '../../../src/adapters/crm/salesforce/inbound/salesforce.xml.ts';
import type { SimulatedOrg } from './org.ts';
import type { Reply, SimRequest } from './reply.ts';

const FIELD_TYPES = new Set(['Picklist', 'Currency', 'Percent', 'Number', 'Date', 'DateTime', 'Checkbox', 'Text', 'LongTextArea', 'Lookup', 'TextArea']);

/** An element as a plain value: text, null (xsi:nil), or an object whose repeated children become lists. */
export function plain(element: XmlElement): unknown {
  if (element.children.length === 0) return attributeNamed(element, 'nil') === 'true' ? null : element.text;
  const out: Record<string, unknown> = {};
  for (const child of element.children) {
    const value = plain(child);
    const current = out[child.name];
    out[child.name] = current === undefined ? value : Array.isArray(current) ? [...current, value] : [current, value];
  }
  return out;
}

export function xml(name: string, value: unknown): string {
  if (Array.isArray(value)) return value.map((v) => xml(name, v)).join('');
  if (value === null || value === undefined) return `<${name} xsi:nil="true"/>`;
  if (typeof value === 'object') return `<${name}>${Object.entries(value).map(([k, v]) => xml(k, v)).join('')}</${name}>`;
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}

const envelope = (body: string) =>
  `<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns="http://soap.sforce.com/2006/04/metadata" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><soapenv:Body>${body}</soapenv:Body></soapenv:Envelope>`;

const fault = (code: string, message: string): Reply => ({ status: 500, raw: envelope(`<soapenv:Fault><faultcode>sf:${code}</faultcode><faultstring>${escapeXml(message)}</faultstring></soapenv:Fault>`), contentType: 'text/xml' });

function problemWith(org: SimulatedOrg, type: string, item: Record<string, unknown>): string | null {
  const fullName = String(item.fullName ?? '');
  if (type === 'CustomField') {
    const [object, field] = fullName.split('.');
    // Activity holds the custom fields Task and Event share.
    if (!object || !field || (!org.tables.has(object) && object !== 'Activity')) return `no such object in '${fullName}'`;
    if (!/^[A-Za-z][A-Za-z0-9_]*__c$/.test(field) || field.includes('___')) return `invalid custom field name '${field}'`;
    if (!FIELD_TYPES.has(String(item.type))) return `invalid type '${String(item.type)}'`;
    if (!item.label) return 'label: required field missing';
    if (item.type === 'Lookup' && (!item.referenceTo || !item.relationshipName)) return 'referenceTo and relationshipName are required for a lookup';
    if (item.type === 'Picklist' && !item.valueSet) return 'valueSet: required for a picklist';
    if ((item.type === 'Text' || item.type === 'LongTextArea') && !item.length) return 'length: required field missing';
  }
  if (type === 'PermissionSet') {
    const grants = item.fieldPermissions === undefined ? [] : Array.isArray(item.fieldPermissions) ? item.fieldPermissions : [item.fieldPermissions];
    for (const grant of grants as { field?: string }[]) if (!org.customFields.has(String(grant.field))) return `In field: field - no CustomField named ${String(grant.field)} found`;
    if (!item.label) return 'label: required field missing';
  }
  return null;
}

export function metadataCall(org: SimulatedOrg, request: SimRequest): Reply {
  let call: XmlElement | undefined;
  try {
    call = parseXml(request.text).children.find((c) => c.name === 'Body')?.children[0];
  } catch (error) {
    return fault('INVALID_XML', (error as Error).message);
  }
  if (!call) return fault('INVALID_XML', 'no body');
  if (call.name === 'readMetadata') {
    const type = call.children.find((c) => c.name === 'type')?.text ?? '';
    const records = call.children
      .filter((c) => c.name === 'fullNames')
      .map((c) => org.readMetadata(type, c.text))
      .map((record) => (record ? `<records xsi:type="${type}">${Object.entries(record).map(([k, v]) => xml(k, v)).join('')}</records>` : `<records xsi:type="${type}"/>`));
    return { status: 200, raw: envelope(`<readMetadataResponse><result>${records.join('')}</result></readMetadataResponse>`), contentType: 'text/xml' };
  }
  if (call.name === 'upsertMetadata') {
    const results = call.children
      .filter((c) => c.name === 'metadata')
      .map((element) => {
        const type = (attributeNamed(element, 'type') ?? '').replace(/^.*:/, '');
        const item = plain(element) as Record<string, unknown>;
        const fullName = String(item.fullName ?? '');
        const problem = problemWith(org, type, item);
        if (problem) return { created: false, errors: { message: problem, statusCode: 'FIELD_INTEGRITY_EXCEPTION' }, fullName, success: false };
        const created = org.readMetadata(type, fullName) === undefined;
        if (type === 'CustomField') org.defineField(item);
        else org.saveMetadata(type, fullName, item);
        return { created, fullName, success: true };
      });
    return { status: 200, raw: envelope(`<upsertMetadataResponse>${xml('result', results)}</upsertMetadataResponse>`), contentType: 'text/xml' };
  }
  return fault('INVALID_OPERATION', `the simulator does not do ${call.name}`);
}
