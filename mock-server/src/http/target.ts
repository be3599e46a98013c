/** Target parsing: the request URL's host, path and query, with a fast path for the plain URLs API calls use. */

/** What the engine reads of a request's URL: the parts of a WHATWG `URL` it uses. */
export interface Target {
  readonly host: string;
  readonly pathname: string;
  readonly search: string;
  readonly searchParams: URLSearchParams;
}

/** A path of plain segments (letters, digits, `-`, `_`, dots inside a segment): `new URL` leaves it as it is. */
const PLAIN_PATH = /^(?:\/[A-Za-z0-9_-][A-Za-z0-9._-]*)*\/?$/;
/**
 * `http(s)://host[:port]` that `new URL` only lower-cases: a dotted quad, or a name whose last label starts with a
 * letter (not an IPv4 number form), no punycode label; a port without leading zeros.
 */
const PLAIN_ORIGIN =
  /^(https?):\/\/((?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)|(?:[a-z0-9-]+\.)*[a-z][a-z0-9-]*)(?::([1-9]\d{0,4}))?$/i;
/** The (empty) parameters of every search-less target; nothing modifies them. */
const NO_PARAMS = new URLSearchParams();

/**
 * The request URL's host, path and query as `new URL` gives them. API calls have plain paths and most have no query
 * string: then the parts are sliced off the string (`new URL` costs more than the rest of routing). Anything else (a
 * query, escapes, dot segments, an unusual host or port) goes through `new URL`, whose normalisation the signature
 * and the router must see. target.test.ts checks both agree.
 */
export function requestTarget(url: string): Target {
  const pathStart = url.indexOf('/', url.indexOf('://') + 3);
  if (pathStart > 0 && !url.includes('?', pathStart) && !url.includes('#', pathStart)) {
    const pathname = url.slice(pathStart);
    const origin = PLAIN_PATH.test(pathname) ? PLAIN_ORIGIN.exec(url.slice(0, pathStart)) : null;
    if (origin && !origin[2]!.toLowerCase().includes('xn--')) {
      const port = origin[3] === undefined ? undefined : Number(origin[3]);
      if (port === undefined || port <= 65535) {
        const hostname = origin[2]!.toLowerCase();
        // new URL drops the scheme's default port.
        const isDefault = port === (origin[1]!.length === 5 ? 443 : 80);
        return {
          host: port === undefined || isDefault ? hostname : `${hostname}:${port}`,
          pathname,
          search: '',
          searchParams: NO_PARAMS,
        };
      }
    }
  }
  return new URL(url);
}
