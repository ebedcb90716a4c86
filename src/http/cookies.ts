// Reading one cookie of a request. The values this server sets are base64url (and dots), so
// nothing is percent-decoded: a malformed escape is just a value that does not match.
export function cookieOf(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return value.join('=');
  }
  return undefined;
}
