// Shared by the card's tests: fixtures typed as the API answer, HTTP-like answers for the
// stubbed hubspot.fetch, a renderer set up like a company record, and text helpers.
import { vi } from 'vitest';
import { hubspot } from '@hubspot/ui-extensions';
import { createRenderer, isRenderedTextNode, type RenderedNode, type RenderedElementNode } from '@hubspot/ui-extensions/testing';
import type { UnknownComponentProps } from '@hubspot/ui-extensions';
import type { CardResponse } from '../api/types.ts';
import { CustomerValueCard } from '../CustomerValueCard.tsx';
import companyAJson from '../fixtures/company-a.json';
import companyDJson from '../fixtures/company-d.json';
import overriddenJson from '../fixtures/company-overridden.json';
import prospectJson from '../fixtures/prospect.json';
import aCustomerTasksJson from '../fixtures/recorded-a-customer-tasks.json';

export const BACKEND = 'https://klantwaarde.test';

// JSON imports widen literals ('A' → string); the fixtures are checked against the type by
// the api test, so a cast is safe here. Each call returns a fresh copy.
const copy = (json: unknown) => () => structuredClone(json) as CardResponse;
export const fixtures = {
  companyA: copy(companyAJson),
  companyD: copy(companyDJson),
  overridden: copy(overriddenJson),
  prospect: copy(prospectJson),
  /** Recorded from the backend with tasks on: one touchpoint with an open task, two without. */
  aCustomerTasks: copy(aCustomerTasksJson),
};

export function jsonResponse(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

export function errorResponse(status: number, code: string, message: string): Response {
  return jsonResponse(status, { error: { code, message } });
}

export interface Deferred<T> {
  promise: Promise<T>;
  resolve: (value: T) => void;
  reject: (reason: unknown) => void;
}

export function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (reason: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** hubspot.fetch is not mocked by the testing library (it throws outside HubSpot): stub it. */
export function stubFetch() {
  return vi.spyOn(hubspot, 'fetch');
}

export interface SetupOptions {
  locale?: string;
  objectId?: number;
  variables?: Record<string, string> | undefined;
}

/** Renders the card as HubSpot would on company `objectId` (type 0-2). */
export function renderCard({ locale = 'en-US', objectId = 9001, variables = { BACKEND_URL: BACKEND } }: SetupOptions = {}) {
  const renderer = createRenderer('crm.record.tab');
  const { context, actions } = renderer.mocks;
  context.crm.objectTypeId = '0-2';
  context.crm.objectId = objectId;
  context.user.locale = locale;
  context.portal.timezone = 'Europe/Amsterdam';
  context.variables = variables;
  renderer.render(<CustomerValueCard context={context} actions={actions} />);
  return renderer;
}

/** All text below a node, element texts separated by a space; non-breaking spaces made plain. */
export function textOf(node: RenderedNode | null | undefined): string {
  if (!node) return '';
  if (isRenderedTextNode(node)) return node.text.replace(/\u00a0/g, ' ');
  const parts = node.childNodes.map((child) => textOf(child)).filter((s) => s !== '');
  return parts.join(' ').replace(/\s+/g, ' ').trim();
}

/** Calls an event prop (onClick, onChange, …) with an argument. The library types the argument as the handler itself. */
export function fire<P extends UnknownComponentProps>(node: RenderedElementNode<P>, event: string, arg?: unknown): void {
  (node.trigger as (name: string, value?: unknown) => void)(event, arg);
}

/** Intl puts a non-breaking space in "€ 56.472": compare with plain spaces. */
export function plain(text: string | number | undefined): string {
  return String(text).replace(/\u00a0/g, ' ');
}
