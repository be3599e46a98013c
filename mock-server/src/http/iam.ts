/**
 * The IAM token endpoint (`POST /v3/auth/tokens`, password method): the token in `X-Subject-Token`, the IAM body
 * shape, IAM's own error envelope (`{error: {code, message, title}}`), not the BSS one.
 */
import type { Result } from '../kernel/result.js';
import type { Partner } from '../kernel/parties.js';
import { rawJson, type RawResponse } from './respond.js';
import { utf8 } from './input.js';

/** The path of the IAM token endpoint. */
export const IAM_TOKENS_PATH = '/v3/auth/tokens';

/** The credentials of a password sign-in. */
export interface PasswordSignIn {
  user: string;
  password: string;
  domain: string;
}

/** What a successful sign-in gives. */
export interface IssuedToken {
  token: string;
  partner: Partner;
  expiresAt: number;
  issuedAt: number;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/** The user name, password and domain of a password-method request body, or undefined when it is not one. */
export function readPasswordSignIn(body: Uint8Array): PasswordSignIn | undefined {
  let req: unknown;
  try {
    req = JSON.parse(utf8.decode(body));
  } catch {
    return undefined;
  }
  const identity = isRecord(req) && isRecord(req.auth) ? req.auth.identity : undefined;
  if (!isRecord(identity) || !Array.isArray(identity.methods) || !identity.methods.includes('password'))
    return undefined;
  const user = isRecord(identity.password) ? identity.password.user : undefined;
  if (!isRecord(user) || typeof user.name !== 'string' || typeof user.password !== 'string') return undefined;
  const domain = isRecord(user.domain) ? user.domain.name : undefined;
  if (typeof domain !== 'string') return undefined;
  return { user: user.name, password: user.password, domain };
}

/** Answers a token request; `signIn` runs the sign-in as a command of the caller's tenant. */
export function answerIamTokens(
  body: Uint8Array,
  signIn: (credentials: PasswordSignIn) => Result<IssuedToken>,
): RawResponse {
  const credentials = readPasswordSignIn(body);
  if (!credentials) {
    return rawJson(400, {
      error: {
        code: 400,
        message: 'The request body must use the password method with user name, password and domain name.',
        title: 'Bad Request',
      },
    });
  }
  const issued = signIn(credentials);
  if (!issued.ok) return rawJson(401, { error: { code: 401, message: issued.error.message, title: 'Unauthorized' } });
  const { token, partner, expiresAt, issuedAt } = issued.value;
  return rawJson(
    201,
    {
      token: {
        methods: ['password'],
        expires_at: new Date(expiresAt).toISOString(),
        issued_at: new Date(issuedAt).toISOString(),
        user: { name: credentials.user, id: partner.id, domain: { name: partner.iamDomain, id: partner.id } },
        domain: { name: partner.iamDomain, id: partner.id },
      },
    },
    { 'X-Subject-Token': token },
  );
}
