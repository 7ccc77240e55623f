/**
 * RFC 8707 §2: a resource indicator is an absolute URI (RFC 3986 §4.3) and must not
 * include a fragment; the authorization and token endpoints check it alike.
 */
export function isAbsoluteUriWithoutFragment(value: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9+.-]*:/.test(value) || value.includes('#')) {
    return false;
  }
  try {
    new URL(value);
    return true;
  } catch {
    return false;
  }
}
