// The answer for an address nothing serves: a page for people (in their language, with the
// way back to the overview), JSON for programs — the API, webhooks and workflow actions, or
// any client that asks for JSON.
import type { Request, Response } from 'express';
import { pageLanguage } from './language.ts';
import { sendPage } from './send-page.ts';
import { errorPage } from './views/layout.ts';
import { wordsFor } from './views/messages.ts';

const MACHINE_PATHS = ['/api/', '/dashboard/api/', '/webhooks/', '/actions/'];

export function wantsPage(req: Request): boolean {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  if (MACHINE_PATHS.some((prefix) => req.path.startsWith(prefix))) return false;
  return req.accepts(['html', 'json']) === 'html';
}

export function sendNotFoundPage(req: Request, res: Response): void {
  const language = pageLanguage(req);
  sendPage(res, errorPage(404, wordsFor(language).t.error.notFound(req.path), language, req.originalUrl), 404);
}
