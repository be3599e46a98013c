/**
 * The console's session: which tenant and partner it acts for, the two clients it acts through (the mock's typed
 * control client and the SDK, signed in with the partner's IAM user), the language, and error handling. The console
 * holds no rule of its own: every action is one call of the control surface or the real API.
 */
import { createContext } from 'preact';
import { useContext, useEffect, useState } from 'preact/hooks';
import { html as preactHtml } from 'htm/preact';
import { iamPasswordToken, PartnerCenterError, RequestValidationError } from '@partner-center/sdk';
import { createPartnerClient as createCnClient } from '@partner-center/sdk/cn';
import { createPartnerClient as createIntlClient } from '@partner-center/sdk/intl';
import { createControlClient, MockControlError, type MockControlClient } from '../../src/adapters/control-client.js';
import type { components } from '../../src/generated/control/schema.js';

/** Tagged templates instead of JSX: no compile step of their own, about 1 KB. */
export const html = preactHtml as (strings: TemplateStringsArray, ...values: unknown[]) => import('preact').VNode;

export type Partner = components['schemas']['Partner'];
export type CnClient = ReturnType<typeof createCnClient>;
export type IntlClient = ReturnType<typeof createIntlClient>;

// ---- language ----------------------------------------------------------------------------------------------------

export type Lang = 'zh' | 'en';
let lang: Lang = (localStorage.getItem('pc-console-lang') as Lang | null) ?? 'zh';
/** Names of the partner account types of ListPartnerBalances. */
export const accountTypeName = (t: number): string =>
  ({
    1: L('现金账户', 'Cash'),
    2: L('信用账户', 'Credit'),
    5: L('奖励金账户', 'Bonus'),
    7: L('保证金账户', 'Deposit'),
    8: L('可拨款金额', 'Allocatable'),
  })[t] ?? `${L('账户', 'Account')} ${t}`;

/** The current language's text: every label is written in Chinese (as the real console) and English. */
export const L = (zh: string, en: string): string => (lang === 'zh' ? zh : en);
export const currentLang = (): Lang => lang;
export function setLang(next: Lang) {
  lang = next;
  localStorage.setItem('pc-console-lang', next);
  document.documentElement.lang = next === 'zh' ? 'zh-CN' : 'en';
}
document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';

// ---- access ------------------------------------------------------------------------------------------------------

/**
 * What the console was opened with, in the address's fragment (never sent to the server, so never in its logs):
 * `/_mock/console/#/journal?tenant=t-…&partner=…&token=…`. The control-surface token is kept for the tab only and
 * sent on every control call; tenant and partner preselect the pickers (a failing CI job can link to its tenant).
 * All three are then taken off the address bar.
 */
export const CONTROL_TOKEN_HEADER = 'Authorization';
function takeFragment(): void {
  const hash = location.hash.slice(1);
  const q = hash.indexOf('?');
  const [route, query] = q >= 0 ? [hash.slice(0, q), hash.slice(q + 1)] : hash.includes('=') ? ['', hash] : [hash, ''];
  if (!query) return;
  const params = new URLSearchParams(query);
  for (const key of ['token', 'tenant', 'partner']) {
    const value = params.get(key);
    if (value) sessionStorage.setItem(`pc-console-${key}`, value);
  }
  history.replaceState(null, '', `${location.pathname}${location.search}${route ? `#${route}` : ''}`);
}
takeFragment();
const controlToken = sessionStorage.getItem('pc-console-token') ?? undefined;

/** Headers of every control call: the tenant (also a custom header, which no cross-site form can send) and the token. */
export function controlHeaders(tenant: string): Record<string, string> {
  return {
    'X-Mock-Tenant': tenant,
    ...(controlToken ? { [CONTROL_TOKEN_HEADER]: `Bearer ${controlToken}` } : {}),
  };
}

/** A control client of one tenant, on relative URLs (same origin as the page). */
export const controlClient = (tenant: string): MockControlClient =>
  createControlClient({ baseUrl: '', headers: controlHeaders(tenant) });

/** The SDK signed in as the partner's IAM user (an IAM token, as a person at the console would be), same origin. */
export function apiClients(p: Partner): { cn?: CnClient; intl?: IntlClient } {
  const token = iamPasswordToken({ user: p.iam_user, password: p.iam_password, domain: p.iam_domain, endpoint: '' });
  // One attempt per action: a person retries by hand, and a money movement is never repeated blindly.
  const options = { baseUrl: '', credentials: { token }, retry: false as const };
  return p.site === 'cn' ? { cn: createCnClient(options) } : { intl: createIntlClient(options) };
}

// ---- session -----------------------------------------------------------------------------------------------------

export interface Notice {
  kind: 'ok' | 'error';
  text: string;
}

export interface Session {
  tenant: string;
  partner: Partner;
  partners: Partner[];
  ctl: MockControlClient;
  cn?: CnClient;
  intl?: IntlClient;
  /** Bumped after every change: pages reload their data. */
  version: number;
  refresh(): void;
  notify(n: Notice): void;
  /** Runs an action: reports its failure, refreshes the pages after it; resolves undefined when it failed. */
  act<T>(label: string, action: () => Promise<T>): Promise<T | undefined>;
  /** Runs a console action behind the partner's verification-code gate: asks for a code when the mock wants one. */
  gated<T>(label: string, action: (code?: string) => Promise<T>): Promise<T | undefined>;
}

export const SessionContext = createContext<Session | null>(null);
export const useSession = (): Session => useContext(SessionContext)!;

/** The error code and message of a failed call, whichever client made it. */
export function describeError(e: unknown): { code: string; text: string } {
  if (e instanceof MockControlError) {
    const b = (e.body ?? {}) as { error_code?: string; error_msg?: string };
    return { code: b.error_code ?? `HTTP ${e.status}`, text: `${b.error_code ?? e.status}: ${b.error_msg ?? ''}` };
  }
  if (e instanceof PartnerCenterError) return { code: e.rawCode, text: `${e.rawCode}: ${e.errorMsg}` };
  if (e instanceof RequestValidationError) return { code: 'INVALID', text: e.message };
  return { code: 'ERROR', text: (e as Error).message ?? String(e) };
}

/** Loads data for a page and reloads it when the session changes. */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[] = []) {
  const s = useSession();
  const [state, setState] = useState<{ data?: T; error?: string; loading: boolean }>({ loading: true });
  useEffect(() => {
    let live = true;
    setState((old) => ({ ...old, loading: true }));
    load().then(
      (data) => live && setState({ data, loading: false }),
      (e: unknown) => live && setState({ error: describeError(e).text, loading: false }),
    );
    return () => {
      live = false;
    };
  }, [s.tenant, s.partner.partner_id, s.version, ...deps]);
  return state;
}

// ---- values ------------------------------------------------------------------------------------------------------

/** A yuan amount typed by a person: digits with at most two decimals (the API's money format), as a number. */
export function parseAmount(text: string): number | undefined {
  const t = text.trim();
  return /^\d{1,12}(\.\d{1,2})?$/.test(t) ? Number(t) : undefined;
}

/** A money value as the API gave it, shown with two decimals. */
export const money = (v: number | string | undefined): string =>
  v === undefined || v === '' ? '' : Number(v).toFixed(2);

/** An ISO or API timestamp, shortened to minutes. */
export const when = (v: string | undefined): string =>
  v ? v.replace('T', ' ').replace(/(:\d\d)(\.\d+)?Z$/, '$1Z') : '';
