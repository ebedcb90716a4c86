// Keys that moved: an old file keeps working, and `config check` says what to write instead.

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/**
 * `dashboard.retentionGoal` became `goals.retention`: the old key moves there (unless the new one
 * is set), and a `dashboard` section left empty goes; anything else in it is refused as unknown.
 */
export function withDeprecatedAliases(raw: unknown): unknown {
  const file = asRecord(raw);
  const dashboard = asRecord(file?.['dashboard']);
  if (!file || !dashboard || !Object.hasOwn(dashboard, 'retentionGoal')) return raw;
  const { retentionGoal, ...restOfDashboard } = dashboard;
  const { dashboard: _old, ...rest } = file;
  const goals = asRecord(file['goals']) ?? {};
  return {
    ...rest,
    ...(Object.keys(restOfDashboard).length > 0 ? { dashboard: restOfDashboard } : {}),
    goals: goals['retention'] !== undefined ? goals : { ...goals, retention: retentionGoal },
  };
}

/** One sentence per deprecated key the file uses. */
export function deprecationNotices(raw: unknown): string[] {
  const file = asRecord(raw);
  const notices: string[] = [];
  if (asRecord(file?.['dashboard'])?.['retentionGoal'] !== undefined) {
    const both = asRecord(file?.['goals'])?.['retention'] !== undefined;
    notices.push(
      both
        ? 'dashboard.retentionGoal is deprecated and ignored because goals.retention is set: remove dashboard.retentionGoal'
        : 'dashboard.retentionGoal is deprecated: it is read as goals.retention; move it there (goals: { retention: … })',
    );
  }
  return notices;
}
