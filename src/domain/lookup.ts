// Reads user-keyed config records (rates per role, wallet per industry) safely: a key
// such as "constructor" must not reach Object.prototype.

export function own<T>(record: Readonly<Record<string, T>>, key: string | undefined): T | undefined {
  return key !== undefined && Object.hasOwn(record, key) ? record[key] : undefined;
}
