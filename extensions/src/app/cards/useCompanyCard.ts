// The card's state: load the company's figures, recalculate, set or remove an override, create
// a contact-schedule task now.
// After every change the backend made in the CRM, the record's properties are refreshed.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { ApiError, companyApi, type Fetcher } from './api/client.ts';
import type { CardResponse, OverrideRequest } from './api/types.ts';

export type View =
  | { kind: 'loading' }
  | { kind: 'loaded'; data: CardResponse }
  | { kind: 'not_computed' }
  | { kind: 'error'; error: ApiError };

export type Busy = 'recalculating' | 'saving' | 'removing' | 'creatingTask' | null;

export interface CardActions {
  refreshObjectProperties: () => void;
  addAlert: (alert: { type?: 'info' | 'warning' | 'success' | 'danger' | 'tip'; message: string; title?: string }) => void;
}

export interface CompanyCardState {
  view: View;
  busy: Busy;
  recalculateError: ApiError | null;
  overrideError: ApiError | null;
  /** the touchpoint whose task is being created, and a failure to create one */
  taskKey: string | null;
  taskError: ApiError | null;
  /** changes after a saved or removed override, so the form starts empty again */
  overrideVersion: number;
  reload: () => void;
  recalculate: () => void;
  saveOverride: (request: OverrideRequest) => void;
  removeOverride: () => void;
  createTask: (touchpoint: string) => void;
}

export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  return new ApiError('network', 0, 'unexpected', error instanceof Error ? error.message : String(error));
}

interface Options {
  baseUrl: string | null;
  objectId: number | string;
  actions: CardActions;
  messages: { saved: string; removed: string; taskCreated: string };
  fetcher?: Fetcher;
}

export function useCompanyCard({ baseUrl, objectId, actions, messages, fetcher }: Options): CompanyCardState {
  const api = useMemo(() => companyApi(baseUrl, objectId, fetcher), [baseUrl, objectId, fetcher]);
  const [view, setView] = useState<View>({ kind: 'loading' });
  const [busy, setBusy] = useState<Busy>(null);
  const [recalculateError, setRecalculateError] = useState<ApiError | null>(null);
  const [overrideError, setOverrideError] = useState<ApiError | null>(null);
  const [taskKey, setTaskKey] = useState<string | null>(null);
  const [taskError, setTaskError] = useState<ApiError | null>(null);
  const [overrideVersion, setOverrideVersion] = useState(0);
  // Answers that arrive after the card went away (or after a newer load started) are dropped.
  const generation = useRef(0);
  useEffect(() => () => void (generation.current += 1), []);

  const reload = useCallback(() => {
    const mine = ++generation.current;
    setView({ kind: 'loading' });
    api.get().then(
      (data) => mine === generation.current && setView({ kind: 'loaded', data }),
      (error: unknown) => {
        if (mine !== generation.current) return;
        const apiError = toApiError(error);
        setView(apiError.kind === 'not_found' ? { kind: 'not_computed' } : { kind: 'error', error: apiError });
      },
    );
  }, [api]);

  useEffect(reload, [reload]);

  /** Runs one change at a time; the backend's new figures replace the old, then HubSpot re-reads the record. */
  const change = useCallback(
    (kind: Exclude<Busy, null>, run: () => Promise<CardResponse>, onError: (e: ApiError) => void, done?: () => void) => {
      if (busy !== null) return;
      const mine = generation.current;
      setBusy(kind);
      setRecalculateError(null);
      setOverrideError(null);
      setTaskError(null);
      run().then(
        (data) => {
          if (mine !== generation.current) return;
          setView({ kind: 'loaded', data });
          setBusy(null);
          actions.refreshObjectProperties();
          done?.();
        },
        (error: unknown) => {
          if (mine !== generation.current) return;
          setBusy(null);
          onError(toApiError(error));
        },
      );
    },
    [busy, actions],
  );

  const recalculate = useCallback(() => change('recalculating', () => api.recalculate(), setRecalculateError), [change, api]);
  const saveOverride = useCallback(
    (request: OverrideRequest) =>
      change('saving', () => api.setOverride(request), setOverrideError, () => {
        setOverrideVersion((v) => v + 1);
        actions.addAlert({ type: 'success', message: messages.saved });
      }),
    [change, api, actions, messages.saved],
  );
  const removeOverride = useCallback(
    () =>
      change('removing', () => api.removeOverride(), setOverrideError, () => {
        setOverrideVersion((v) => v + 1);
        actions.addAlert({ type: 'success', message: messages.removed });
      }),
    [change, api, actions, messages.removed],
  );

  const createTask = useCallback(
    (touchpoint: string) => {
      if (busy !== null) return;
      setTaskKey(touchpoint);
      change('creatingTask', () => api.createTask(touchpoint), (error) => {
        setTaskKey(null);
        setTaskError(error);
      }, () => {
        setTaskKey(null);
        actions.addAlert({ type: 'success', message: messages.taskCreated });
      });
    },
    [busy, change, api, actions, messages.taskCreated],
  );

  return { view, busy, recalculateError, overrideError, taskKey, taskError, overrideVersion, reload, recalculate, saveOverride, removeOverride, createTask };
}
