// The dashboard's language: `?lang=nl` or `?lang=en` chooses it and a cookie remembers the
// choice; without either, the browser's Accept-Language decides; English otherwise.
import type { Request, RequestHandler } from 'express';
import { LANGUAGES, type Language } from '../../domain/labels.ts';

export const LANGUAGE_COOKIE = 'kw_lang';
const ONE_YEAR_MS = 365 * 24 * 3600 * 1000;
const COOKIE_VALUE = new RegExp(`(?:^|;)\\s*${LANGUAGE_COOKIE}=(${LANGUAGES.join('|')})\\s*(?:;|$)`);

function asked(req: Request): Language | undefined {
  const lang = req.query.lang;
  return LANGUAGES.find((l) => l === lang);
}

export function pageLanguage(req: Request): Language {
  const remembered = COOKIE_VALUE.exec(req.headers.cookie ?? '')?.[1] as Language | undefined;
  return asked(req) ?? remembered ?? ((req.acceptsLanguages(...LANGUAGES) || 'en') as Language);
}

/** Keeps a language chosen with ?lang= for the next pages. */
export const rememberLanguage: RequestHandler = (req, res, next) => {
  const language = asked(req);
  if (language) res.cookie(LANGUAGE_COOKIE, language, { path: '/', sameSite: 'lax', httpOnly: true, maxAge: ONE_YEAR_MS });
  next();
};
