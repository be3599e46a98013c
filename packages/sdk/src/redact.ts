/**
 * Redaction of recorded exchanges (record.ts). Secrets are replaced by `[redacted]`; personal values (mobiles, e-mails,
 * names, identity and bank numbers) are masked by a keyed hash that keeps their format (a mobile stays a valid mobile,
 * a login name a valid login name), so a recording still replays and equal values stay equal across the file, while
 * the key, never written, stops anyone from reversing a mask by hashing every mobile number.
 */

/** What a secret becomes in a recording. */
export const REDACTED = '[redacted]';

/** Fields whose value is a secret: never recorded, not even masked. */
const SECRET_FIELD =
  /^(password|.*_password|verification_code|token|.*_token|secret|.*secret.*|access_key|ak|sk|signature|authorization)$/i;
/** Fields holding a person's or company's name, a login name or an address. */
const NAME_FIELD =
  /^(name|account_name|customer|customer_name|domain_name|contact_name|corp_name|company_name|legel_name|account_manager_name|bank_account_name|xaccount_id|reg_address|remitter_account|user_name|operator|search_value)$/i;
/** Fields holding an identity, bank-card or phone number. */
const NUMBER_FIELD = /^(legel_id_number|verified_number|bank_account|bank_card_info|telephone|mobile|mobile_phone)$/i;
const EMAIL_VALUE = /^([^@\s]+)@([^@\s]+)$/;
/** A China mobile, optionally behind a country code (`0086-13912345678`). */
const MOBILE_VALUE = /^((?:\+?\d{1,4}-)?)(1\d{10})$/;

/** A keyed mask; `seen` keeps each raw personal value masked so far, to scrub it from free text later. */
type Mask = ((kind: string, value: string) => Promise<string>) & { seen: Map<string, string> };

/** A keyed, format-preserving mask: each letter stays a letter of its case, each digit a digit, CJK stays CJK. */
export function createMask(key: Uint8Array): Mask {
  const cryptoKey = crypto.subtle.importKey('raw', key as BufferSource, { name: 'HMAC', hash: 'SHA-256' }, false, [
    'sign',
  ]);
  const cache = new Map<string, Promise<string>>();
  const seen = new Map<string, string>();
  const stream = async (input: string, length: number): Promise<Uint8Array> => {
    const out = new Uint8Array(length);
    for (let block = 0, filled = 0; filled < length; block++) {
      const mac = new Uint8Array(
        await crypto.subtle.sign('HMAC', await cryptoKey, new TextEncoder().encode(`${block}:${input}`)),
      );
      out.set(mac.subarray(0, Math.min(mac.length, length - filled)), filled);
      filled += mac.length;
    }
    return out;
  };
  const mask = (kind: string, value: string) => {
    const id = `${kind}:${value}`;
    let done = cache.get(id);
    if (!done) {
      done = stream(id, value.length).then((bytes) => {
        const masked = substitute(value, bytes);
        // Short Latin values (a two-letter name part) would scrub unrelated text: they are masked in their own fields
        // only. A Chinese name is two characters or more, and as distinctive as a longer Latin one.
        if (value.length >= 4 || (value.length >= 2 && /[\u4e00-\u9fff]/.test(value))) seen.set(value, masked);
        return masked;
      });
      cache.set(id, done);
    }
    return done;
  };
  return Object.assign(mask, { seen });
}

/** Free text (an error message, a remark) with every personal value masked so far replaced by its mask. */
function scrubText(text: string, mask: Mask): string {
  let out = text;
  for (const [raw, masked] of [...mask.seen].sort((a, b) => b[0].length - a[0].length))
    if (out.includes(raw)) out = out.split(raw).join(masked);
  return out;
}

function substitute(value: string, bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!;
    const b = bytes[i]!;
    if (c >= 'a' && c <= 'z') out += String.fromCharCode(97 + (b % 26));
    else if (c >= 'A' && c <= 'Z') out += String.fromCharCode(65 + (b % 26));
    else if (c >= '0' && c <= '9') out += String.fromCharCode(48 + (b % 10));
    else if (c >= '\u4e00' && c <= '\u9fff') out += String.fromCharCode(0x4e00 + ((b * 131 + i) % 0x5000));
    else out += c;
  }
  return out;
}

/** Masks one string by what it looks like (an e-mail, a mobile) or, failing that, by the kind its field gave it. */
async function maskString(value: string, kind: 'name' | 'number' | undefined, mask: Mask): Promise<string> {
  const email = EMAIL_VALUE.exec(value);
  if (email) {
    const labels = email[2]!.split('.');
    const tld = labels.length > 1 ? `.${labels.pop()}` : '';
    return `${await mask('email-user', email[1]!)}@${await mask('email-domain', labels.join('.'))}${tld}`;
  }
  const mobile = MOBILE_VALUE.exec(value);
  // The country code and the first three digits (the carrier) stay, so the mask is still a valid mobile.
  if (mobile) return `${mobile[1]}${mobile[2]!.slice(0, 3)}${await mask('mobile', mobile[2]!.slice(3))}`;
  if (kind === 'number') return mask('number', value);
  if (kind === 'name') return mask('name', value);
  return scrubText(value, mask);
}

/**
 * A JSON value with secrets replaced and personal values masked, field by field. `secrets` are literal values
 * (the AK, a token) scrubbed wherever they appear, even inside free text.
 */
export async function redactValue(value: unknown, mask: Mask, secrets: readonly string[] = []): Promise<unknown> {
  const walk = async (v: unknown, field: string | undefined): Promise<unknown> => {
    if (Array.isArray(v)) return Promise.all(v.map((x) => walk(x, field)));
    if (v && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) out[k] = await walk(x, k);
      return out;
    }
    if (field !== undefined && SECRET_FIELD.test(field) && v !== null && v !== '') return REDACTED;
    if (typeof v !== 'string') return v;
    let s = v;
    for (const secret of secrets) if (secret) s = s.split(secret).join(REDACTED);
    const kind =
      field === undefined
        ? undefined
        : NAME_FIELD.test(field)
          ? 'name'
          : NUMBER_FIELD.test(field)
            ? 'number'
            : undefined;
    return maskString(s, kind, mask);
  };
  return walk(value, undefined);
}

/** A query string's parameters as a record (a repeated name becomes an array), redacted like a body. */
export async function redactQuery(
  params: URLSearchParams,
  mask: Mask,
  secrets: readonly string[],
): Promise<Record<string, string | string[]>> {
  const out: Record<string, string | string[]> = {};
  for (const k of new Set(params.keys())) {
    const all = params.getAll(k);
    out[k] = all.length === 1 ? all[0]! : all;
  }
  return (await redactValue(out, mask, secrets)) as Record<string, string | string[]>;
}
