// The frame every dashboard page shares: head, navigation, tenant picker, and the page
// for errors (a manager gets a readable page, not JSON).
import type { TenantId } from '../../../app/ports/store.port.ts';
import { href, html, type Html } from './html.ts';

export interface PageFrame {
  title: string;
  tenant: TenantId;
  tenants: readonly TenantId[];
  section: 'overview' | 'customers' | 'company';
  /** Shows the log-out button (token mode). */
  signedIn: boolean;
}

/** Query parameters that keep the chosen tenant on every link (only needed when there is a choice). */
export function tenantParams(frame: Pick<PageFrame, 'tenant' | 'tenants'>): { tenant?: string } {
  return frame.tenants.length > 1 ? { tenant: frame.tenant } : {};
}

export function page(frame: PageFrame, body: Html): Html {
  const params = tenantParams(frame);
  const navLink = (section: PageFrame['section'], path: string, label: string) =>
    html`<a href="${href(path, params)}"${frame.section === section ? html` aria-current="page"` : ''}>${label}</a>`;
  return document(
    frame.title,
    html`<header class="top">
      <a class="brand" href="${href('/', params)}">Klantwaarde</a>
      <nav>${navLink('overview', '/', 'Overview')}${navLink('customers', '/customers', 'Customers')}</nav>
      ${frame.tenants.length > 1
        ? html`<form class="tenant-picker" method="get" action="/">
            <label>Tenant <select name="tenant" data-autosubmit>
              ${frame.tenants.map((t) => html`<option value="${t}"${t === frame.tenant ? html` selected` : ''}>${t}</option>`)}
            </select></label>
            <noscript><button type="submit">Show</button></noscript>
          </form>`
        : html`<span class="tenant">${frame.tenant}</span>`}
      ${frame.signedIn ? html`<form method="post" action="/logout"><button type="submit" class="link">Log out</button></form>` : ''}
    </header>
    <main>${body}</main>`,
  );
}

export function document(title: string, body: Html): Html {
  return html`<!doctype html>
<html lang="en">
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
</body>
</html>`;
}

export function errorPage(status: number, message: string): Html {
  return document(
    status === 404 ? 'Not found' : 'Error',
    html`<main class="narrow"><h1>${status === 404 ? 'Not found' : 'Something went wrong'}</h1><p>${message}</p><p><a href="/">Back to the overview</a></p></main>`,
  );
}
