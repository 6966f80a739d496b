/**
 * RPC URLs carry secrets: `https://user:pass@host/…`, provider keys in the path (`/v3/KEY`, `/v2/KEY`,
 * a bare token segment) and keys in the query (`?apikey=…`). Every message and log line that names an
 * endpoint names it through `redactUrl`; text that may quote the URL (a fetch error, a library's
 * message) goes through `redactSecrets`. What stays visible is enough to tell endpoints apart: scheme,
 * host, port and the non-secret path.
 */

export const REDACTED = '***';

/** Query keys whose values are secrets. */
const SECRET_QUERY_KEY = /key|token|secret|pass|auth|sig|credential|session|jwt/i;

/**
 * A path segment or query value that looks like an API key or token: long, of key characters, with
 * both letters and digits (Infura and Alchemy keys, QuickNode and Ankr tokens; not `eth-mainnet`).
 */
function looksLikeKey(s: string): boolean {
  return s.length >= 20 && /^[A-Za-z0-9_-]+$/.test(s) && /\d/.test(s) && /[A-Za-z]/.test(s);
}

/** Versioned provider paths put the key right after the version: `/v3/KEY`, `/v2/KEY`. */
const VERSION_SEGMENT = /^v\d+$/i;

/**
 * `url` with its credentials, key-like path segments and secret query values replaced by `***`; a URL
 * with nothing secret comes back exactly as given.
 */
export function redactUrl(url: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return redactUnparsable(url);
  }
  const before = u.href;
  if (u.username || u.password) {
    u.username = REDACTED;
    u.password = '';
  }
  const segments = u.pathname.split('/');
  u.pathname = segments
    .map((seg, i) => {
      if (seg === '') return seg;
      const decoded = safeDecode(seg);
      if ((i > 0 && VERSION_SEGMENT.test(segments[i - 1])) || looksLikeKey(decoded)) return REDACTED;
      return seg;
    })
    .join('/');
  if (u.search) {
    const pairs = u.search
      .slice(1)
      .split('&')
      .map((pair) => {
        const eq = pair.indexOf('=');
        const key = eq < 0 ? pair : pair.slice(0, eq);
        const value = eq < 0 ? '' : pair.slice(eq + 1);
        if (eq < 0) return looksLikeKey(safeDecode(key)) ? REDACTED : pair;
        return SECRET_QUERY_KEY.test(safeDecode(key)) || looksLikeKey(safeDecode(value))
          ? `${key}=${REDACTED}`
          : pair;
      });
    u.search = '?' + pairs.join('&');
  }
  return u.href === before ? url : u.href;
}

/** Not a URL we can parse: keep the scheme and host-ish start, drop what could be secret. */
function redactUnparsable(url: string): string {
  return url
    .replace(/\/\/[^/@\s]*@/g, `//${REDACTED}@`)
    .replace(/[?#].*$/s, `?${REDACTED}`)
    .replace(/[A-Za-z0-9_-]{20,}/g, (s) => (looksLikeKey(s) ? REDACTED : s));
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** The secret parts of `url` (as written and percent-decoded): what must never appear in text. */
function secretsOf(url: string): string[] {
  const out = new Set<string>();
  let u: URL | undefined;
  try {
    u = new URL(url);
  } catch {
    u = undefined;
  }
  if (u) {
    if (u.password) out.add(u.password).add(safeDecode(u.password));
    const segments = u.pathname.split('/');
    segments.forEach((seg, i) => {
      if (seg && ((i > 0 && VERSION_SEGMENT.test(segments[i - 1])) || looksLikeKey(safeDecode(seg))))
        out.add(seg).add(safeDecode(seg));
    });
    for (const [k, v] of u.searchParams) {
      if (v && (SECRET_QUERY_KEY.test(k) || looksLikeKey(v))) out.add(v).add(encodeURIComponent(v));
      if (!v && looksLikeKey(k)) out.add(k);
    }
  }
  // On their own (outside the URL, which is redacted whole) only values long enough not to be ordinary
  // words: a user name or a 4-letter password would blank out every "user" or "pass" in the text.
  return [...out].filter((s) => s.length >= 6).sort((a, b) => b.length - a.length);
}

/**
 * `text` (an error message, a log line, a command's output) with every http(s)/ws(s) URL in it redacted,
 * and the secret parts of the given endpoint URLs removed wherever they appear, in a URL or on their own.
 */
export function redactSecrets(text: string, urls: string | readonly string[] = []): string {
  let out = text;
  for (const url of typeof urls === 'string' ? [urls] : urls) {
    const shown = redactUrl(url);
    if (shown !== url) out = out.split(url).join(shown);
    for (const s of secretsOf(url)) out = out.split(s).join(REDACTED);
  }
  return out.replace(/\b(?:https?|wss?):\/\/[^\s"'<>`]+/gi, (m) => {
    // Keep a sentence's trailing punctuation out of the URL.
    const trail = /[).,;:!]+$/.exec(m)?.[0] ?? '';
    return redactUrl(m.slice(0, m.length - trail.length)) + trail;
  });
}
