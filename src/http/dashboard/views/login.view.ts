// The pages access control shows: the token form, and the refusal in local mode.
import { document } from './layout.ts';
import { html, type Html } from './html.ts';

export function loginPage(options: { next: string; failed: boolean; notice?: string }): Html {
  return document(
    'Log in',
    html`<main class="narrow">
      <h1>Klantwaarde dashboard</h1>
      <form method="post" action="/login" class="login">
        <input type="hidden" name="next" value="${options.next}">
        <label>Dashboard token <input type="password" name="token" autocomplete="current-password" required autofocus></label>
        ${options.failed ? html`<p class="error" role="alert">That token is not valid.</p>` : ''}
        ${options.notice ? html`<p class="error" role="alert">${options.notice}</p>` : ''}
        <button type="submit">Log in</button>
      </form>
    </main>`,
  );
}

export function forbiddenPage(): Html {
  return document(
    'Not available',
    html`<main class="narrow">
      <h1>Not available from here</h1>
      <p>This dashboard runs in local mode and answers only on this machine (open it at http://localhost). To open it from elsewhere, configure a dashboard token.</p>
    </main>`,
  );
}
