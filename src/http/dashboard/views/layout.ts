// The frame every dashboard page shares: head, navigation, tenant picker, language switch,
// and the page for errors (a manager gets a readable page, not JSON).
import type { TenantId } from '../../../app/ports/store.port.ts';
import type { Language } from '../../../domain/labels.ts';
import { href, html, jsonBlock, type Html } from './html.ts';
import { wordsFor, type Words } from './messages.ts';

export interface PageFrame {
  title: string;
  tenant: TenantId;
  tenants: readonly TenantId[];
  section: 'overview' | 'customers' | 'company';
  /** Shows the log-out button (token mode). */
  signedIn: boolean;
  language: Language;
  /** This page's path and query, for the language switch. */
  here: string;
}

/** Each language named in itself, so whoever cannot read the page still finds theirs. */
const LANGUAGE_NAMES: Record<Language, string> = { en: 'English', nl: 'Nederlands' };

/** Query parameters that keep the chosen tenant on every link (only needed when there is a choice). */
export function tenantParams(frame: Pick<PageFrame, 'tenant' | 'tenants'>): { tenant?: string } {
  return frame.tenants.length > 1 ? { tenant: frame.tenant } : {};
}

/** A table that scrolls sideways inside its card when the screen is narrower than the table. */
export function scrolling(table: Html): Html {
  return html`<div class="scroll-x">${table}</div>`;
}

/** The same page in another language. */
function inLanguage(here: string, language: Language): string {
  const url = new URL(here, 'http://page.invalid');
  url.searchParams.set('lang', language);
  return `${url.pathname}${url.search}`;
}

function languageSwitch(here: string, current: Language, label: string): Html {
  return html`<nav class="languages" aria-label="${label}">${(Object.keys(LANGUAGE_NAMES) as Language[]).map((l) =>
    l === current
      ? html`<span lang="${l}" aria-current="true">${LANGUAGE_NAMES[l]}</span>`
      : html`<a href="${inLanguage(here, l)}" hreflang="${l}" lang="${l}">${LANGUAGE_NAMES[l]}</a>`,
  )}</nav>`;
}

export function page(frame: PageFrame, body: Html): Html {
  const { t } = wordsFor(frame.language);
  const params = tenantParams(frame);
  const navLink = (section: PageFrame['section'], path: string, label: string) =>
    html`<a href="${href(path, params)}"${frame.section === section ? html` aria-current="page"` : ''}>${label}</a>`;
  return document(
    frame.section === 'company' ? frame.title : t.nav[frame.section],
    html`<header class="top">
      <a class="brand" href="${href('/', params)}">Klantwaarde</a>
      <nav class="sections">${navLink('overview', '/', t.nav.overview)}${navLink('customers', '/customers', t.nav.customers)}</nav>
      ${frame.tenants.length > 1
        ? html`<form class="tenant-picker" method="get" action="/">
            <label>${t.nav.tenant} <select name="tenant" data-autosubmit>
              ${frame.tenants.map((tenant) => html`<option value="${tenant}"${tenant === frame.tenant ? html` selected` : ''}>${tenant}</option>`)}
            </select></label>
            <noscript><button type="submit">${t.nav.show}</button></noscript>
          </form>`
        : html`<span class="tenant">${frame.tenant}</span>`}
      ${languageSwitch(frame.here, frame.language, t.nav.language)}
      ${frame.signedIn ? html`<form method="post" action="/logout"><button type="submit" class="link">${t.nav.logOut}</button></form>` : ''}
    </header>
    <main>${body}</main>`,
    frame.language,
  );
}

export function document(title: string, body: Html, language: Language = 'en'): Html {
  const { t } = wordsFor(language);
  return html`<!doctype html>
<html lang="${language}">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${title} · Klantwaarde</title>
  <link rel="icon" href="data:,">
  <link rel="stylesheet" href="/dashboard/assets/dashboard.css">
  <script src="/dashboard/assets/chart.umd.min.js" defer></script>
  <script src="/dashboard/assets/dashboard.js" defer></script>
</head>
<body>
${body}
${jsonBlock('kw-words', t.overview.client)}
</body>
</html>`;
}

/** A page for an error, with the way back; `here` adds the language switch. */
export function errorPage(status: number, message: string, language: Language = 'en', here?: string): Html {
  const { t }: Words = wordsFor(language);
  const title = status === 404 ? t.error.notFoundTitle : t.error.failedTitle;
  return document(
    title,
    html`<main class="narrow">
      ${here === undefined ? '' : html`<div class="error-languages">${languageSwitch(here, language, t.nav.language)}</div>`}
      <h1>${title}</h1><p>${message}</p><p><a href="/">${t.error.back}</a></p>
    </main>`,
    language,
  );
}
