// A JSON value's shape: types in place of values, arrays by the shape of their first element,
// keys sorted. Recorded API answers are held to the live answer's shape with it.
export function shapeOf(value: unknown): unknown {
  if (value === null) return 'null';
  if (Array.isArray(value)) return value.length === 0 ? [] : [shapeOf(value[0])];
  if (typeof value === 'object') return Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => [k, shapeOf(v)]));
  return typeof value;
}
