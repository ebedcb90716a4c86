// Outbound Messages (SOAP): what the org says changed, reduced to what we trust — the org id,
// each notification's id (for dedupe), and each record's type and Id. The sObject's other
// fields are ignored: the worker reads the record again from Salesforce.
import { AppError } from '../../../../app/errors.ts';
import { isSalesforceId, toId18 } from '../client/salesforce.ids.ts';
import { SALESFORCE_LIMITS } from '../client/salesforce.paths.ts';
import { attributeNamed, childNamed, childrenNamed, escapeXml, parseXml, textOf, XmlError, type XmlElement } from './salesforce.xml.ts';

/** Objects whose change can move an account's figures; the worker finds the account of each. */
export const NOTIFIED_OBJECTS = ['Account', 'Opportunity', 'OpportunityLineItem', 'Task', 'Event', 'Case'] as const;
export type NotifiedObject = (typeof NOTIFIED_OBJECTS)[number];

export interface ChangedRecord {
  objectType: NotifiedObject;
  /** 18-character record id. */
  id: string;
}

export interface OutboundMessage {
  organizationId: string;
  notifications: { id: string; record: ChangedRecord }[];
  /** Notifications about objects Klantwaarde does not read (acknowledged, not enqueued). */
  ignored: { id: string; objectType: string }[];
}

const bad = (message: string) => new AppError('webhook.malformed', `outbound message: ${message}`);

const NS_OUTBOUND = 'http://soap.sforce.com/2005/09/outbound';
const ENVELOPE_OPEN = '<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body>';
const ENVELOPE_CLOSE = '</soapenv:Body></soapenv:Envelope>';

/** The acknowledgement Salesforce waits for; without it the message is sent again (for up to 24 hours). */
export const ACK_RESPONSE = `${ENVELOPE_OPEN}<notificationsResponse xmlns="${NS_OUTBOUND}"><Ack>true</Ack></notificationsResponse>${ENVELOPE_CLOSE}`;

/** A SOAP fault: Client for a message we refuse, Server for trouble on our side (Salesforce retries both). */
export function soapFault(side: 'Client' | 'Server', message: string): string {
  return `${ENVELOPE_OPEN}<soapenv:Fault><faultcode>soapenv:${side}</faultcode><faultstring>${escapeXml(message)}</faultstring></soapenv:Fault>${ENVELOPE_CLOSE}`;
}

function validId(value: string | undefined, what: string): string {
  if (!value || !isSalesforceId(value)) throw bad(`${what} is not a Salesforce id ('${(value ?? '').slice(0, 40)}')`);
  return toId18(value);
}

export function parseOutboundMessage(xml: string): OutboundMessage {
  let envelope: XmlElement;
  try {
    envelope = parseXml(xml);
  } catch (error) {
    if (error instanceof XmlError) throw bad(error.message);
    throw error;
  }
  const notifications = envelope.name === 'Envelope' ? childNamed(childNamed(envelope, 'Body') ?? envelope, 'notifications') : undefined;
  if (!notifications) throw bad('no Envelope/Body/notifications element');
  const organizationId = validId(textOf(notifications, 'OrganizationId'), 'OrganizationId');
  const items = childrenNamed(notifications, 'Notification');
  if (items.length === 0) throw bad('no Notification');
  if (items.length > SALESFORCE_LIMITS.notifications) {
    throw new AppError('webhook.too_large', `outbound message: ${items.length} notifications; Salesforce sends at most ${SALESFORCE_LIMITS.notifications}`);
  }
  const message: OutboundMessage = { organizationId, notifications: [], ignored: [] };
  for (const item of items) {
    const id = validId(textOf(item, 'Id'), 'Notification Id');
    const sObject = childNamed(item, 'sObject');
    if (!sObject) throw bad(`notification ${id} without an sObject`);
    const objectType = (attributeNamed(sObject, 'type') ?? '').replace(/^.*:/, '');
    const recordId = validId(textOf(sObject, 'Id'), `sObject Id of notification ${id}`);
    if ((NOTIFIED_OBJECTS as readonly string[]).includes(objectType)) message.notifications.push({ id, record: { objectType: objectType as NotifiedObject, id: recordId } });
    else message.ignored.push({ id, objectType: objectType || '(no type)' });
  }
  return message;
}
