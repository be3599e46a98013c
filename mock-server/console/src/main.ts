/** The console's shell: tenant and partner pickers, language toggle, navigation, notices and the verification gate. */
import { render, type VNode } from 'preact';
import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import {
  apiClients,
  controlClient,
  currentLang,
  describeError,
  html,
  L,
  type Notice,
  type Partner,
  type Session,
  SessionContext,
  setLang,
} from './core.js';
import { AssociationsPage } from './pages/associations.js';
import { CouponsPage } from './pages/coupons.js';
import { CustomersPage } from './pages/customers.js';
import { RebatesPage, RechargePage } from './pages/funds.js';
import { JournalPage } from './pages/journal.js';
import { LeadsPage } from './pages/leads.js';
import { QuotasPage } from './pages/quotas.js';
import { ToolsPage } from './pages/tools.js';
import { Dialog, Field, Form } from './ui.js';

interface Page {
  id: string;
  zh: string;
  en: string;
  view: () => VNode;
}
const PAGES: Page[] = [
  { id: 'customers', zh: '客户列表', en: 'Customers', view: () => html`<${CustomersPage} />` },
  { id: 'coupons', zh: '代金券 / 现金券 / 提货券', en: 'Coupons', view: () => html`<${CouponsPage} />` },
  { id: 'quotas', zh: '额度', en: 'Quotas', view: () => html`<${QuotasPage} />` },
  { id: 'associations', zh: '关联关系操作记录', en: 'Association records', view: () => html`<${AssociationsPage} />` },
  { id: 'recharge', zh: '充值', en: 'Recharge', view: () => html`<${RechargePage} />` },
  { id: 'rebates', zh: '提现管理', en: 'Rebate withdrawal', view: () => html`<${RebatesPage} />` },
  { id: 'leads', zh: '线索管理', en: 'Leads', view: () => html`<${LeadsPage} />` },
  { id: 'tools', zh: '模拟工具', en: 'Mock tools', view: () => html`<${ToolsPage} />` },
  { id: 'journal', zh: '请求日志', en: 'Request journal', view: () => html`<${JournalPage} />` },
];

const route = (): string => {
  const id = /^#\/([a-z]+)/.exec(location.hash)?.[1];
  return PAGES.some((p) => p.id === id) ? id! : 'customers';
};

/** A person closed the verification dialog: the action is dropped, not failed. */
class Cancelled extends Error {}
const CODE_ERRORS = new Set(['CBC.99004008', 'CBC.99004009', 'CBC.99004010']);

interface GateAsk {
  label: string;
  error?: string;
  resolve: (code: string) => void;
  reject: (e: Error) => void;
}

/** The verification-code dialog: sends a code, shows what the mock "sent" to the operator's mobile, takes the code. */
function GateDialog(props: { ask: GateAsk; session: Session }): VNode {
  const { ask, session } = props;
  const [sent, setSent] = useState<{ receiver: string; code: string; expires: string } | undefined>();
  const [code, setCode] = useState('');
  return html`<${Dialog} title=${L('验证码验证', 'Verification code')} onClose=${() => ask.reject(new Cancelled())} testId="gate">
    <p>${L(`「${ask.label}」是敏感操作，需要短信验证码确认。`, `"${ask.label}" is a sensitive action: confirm it with the code sent by SMS.`)}</p>
    ${ask.error ? html`<p class="error" role="alert">${ask.error}</p>` : null}
    <p>
      <button
        type="button"
        onClick=${async () => {
          try {
            const r = await session.ctl.sendConsoleVerificationCode({ partner_id: session.partner.partner_id });
            const { codes } = await session.ctl.listSentCodes({ receiver: r.receiver });
            setSent({ receiver: r.receiver, code: codes[0]?.code ?? '', expires: r.expires_at });
          } catch (e) {
            session.notify({ kind: 'error', text: describeError(e).text });
          }
        }}
      >
        ${sent ? L('重新发送', 'Send again') : L('发送验证码', 'Send code')}
      </button>
    </p>
    ${
      sent
        ? html`<p class="sms" data-testid="sent-code" aria-live="polite">
            ${L('模拟短信', 'Simulated SMS')} → ${sent.receiver}: <strong data-code=${sent.code}>${sent.code}</strong>
            (${L('有效期至', 'valid until')} ${sent.expires})
          </p>`
        : null
    }
    <${Form} label=${L('输入验证码', 'Enter the code')} submit=${L('确认', 'Confirm')} onSubmit=${() => ask.resolve(code.trim())}>
      <${Field} label=${L('验证码', 'Code')} name="verification_code" value=${code} onInput=${setCode} inputMode="numeric" required />
    <//>
  <//>`;
}

function App(): VNode {
  const [tenant, setTenant] = useState(() => sessionStorage.getItem('pc-console-tenant') ?? 'default');
  const [tenants, setTenants] = useState<{ tenant_id: string; name: string }[]>([]);
  const [partners, setPartners] = useState<Partner[]>([]);
  const [partnerId, setPartnerId] = useState(() => sessionStorage.getItem('pc-console-partner') ?? '');
  const [version, setVersion] = useState(0);
  const [page, setPage] = useState(route);
  const [, setLangTick] = useState(0);
  const [notices, setNotices] = useState<(Notice & { id: number })[]>([]);
  const [gate, setGate] = useState<GateAsk | undefined>();
  const [loadError, setLoadError] = useState<string | undefined>();
  const noticeId = useRef(0);

  useEffect(() => {
    const onHash = () => setPage(route());
    addEventListener('hashchange', onHash);
    return () => removeEventListener('hashchange', onHash);
  }, []);

  const ctl = useMemo(() => controlClient(tenant), [tenant]);
  useEffect(() => {
    Promise.all([ctl.listTenants(), ctl.listPartners()]).then(
      ([t, p]) => {
        setLoadError(undefined);
        setTenants(t.tenants);
        setPartners(p.partners);
        if (!p.partners.some((x) => x.partner_id === partnerId)) setPartnerId(p.partners[0]?.partner_id ?? '');
      },
      (e: unknown) => setLoadError(describeError(e).text),
    );
  }, [ctl, version]);
  useEffect(() => {
    sessionStorage.setItem('pc-console-tenant', tenant);
    sessionStorage.setItem('pc-console-partner', partnerId);
  }, [tenant, partnerId]);

  const partner = partners.find((p) => p.partner_id === partnerId);
  const clients = useMemo(() => (partner ? apiClients(partner) : {}), [partner?.partner_id, tenant]);

  const notify = useCallback((n: Notice) => {
    const id = ++noticeId.current;
    setNotices((list) => [...list.slice(-3), { ...n, id }]);
    setTimeout(() => setNotices((list) => list.filter((x) => x.id !== id)), n.kind === 'error' ? 15_000 : 6_000);
  }, []);
  const refresh = useCallback(() => setVersion((v) => v + 1), []);

  const session: Session | undefined = partner
    ? {
        tenant,
        partner,
        partners,
        ctl,
        ...clients,
        version,
        refresh,
        notify,
        act: async (label, action) => {
          try {
            const r = await action();
            notify({ kind: 'ok', text: `${label}: ${L('成功', 'done')}` });
            return r;
          } catch (e) {
            if (!(e instanceof Cancelled)) notify({ kind: 'error', text: `${label}: ${describeError(e).text}` });
            return undefined;
          } finally {
            refresh();
          }
        },
        gated: (label, action) =>
          session!.act(label, async () => {
            try {
              return await action();
            } catch (e) {
              if (describeError(e).code !== 'CONSOLE.VERIFICATION_REQUIRED') throw e;
            }
            let error: string | undefined;
            for (;;) {
              const code = await new Promise<string>((resolve, reject) => setGate({ label, error, resolve, reject }));
              try {
                return await action(code);
              } catch (e) {
                const d = describeError(e);
                if (!CODE_ERRORS.has(d.code)) throw e;
                error = d.text;
              } finally {
                setGate(undefined);
              }
            }
          }),
      }
    : undefined;

  const current = PAGES.find((p) => p.id === page)!;
  return html`
    <header class="top">
      <a class="brand" href="#/customers">${L('伙伴中心', 'Partner Center')} <small>${L('模拟控制台', 'mock console')}</small></a>
      <div class="pickers">
        <${Field}
          label=${L('租户', 'Tenant')}
          name="tenant"
          value=${tenant}
          options=${(tenants.length ? tenants : [{ tenant_id: tenant, name: tenant }]).map((t) => [t.tenant_id, t.name === t.tenant_id ? t.name : `${t.name} (${t.tenant_id})`])}
          onInput=${(v: string) => {
            setTenant(v);
            setPartnerId('');
          }}
        />
        <${Field}
          label=${L('伙伴', 'Partner')}
          name="partner"
          value=${partnerId}
          options=${partners.map((p) => [p.partner_id, `${p.name} · ${p.site} · ${p.role}`])}
          onInput=${setPartnerId}
        />
        <button
          type="button"
          class="secondary"
          lang=${currentLang() === 'zh' ? 'en' : 'zh-CN'}
          onClick=${() => {
            setLang(currentLang() === 'zh' ? 'en' : 'zh');
            setLangTick((x) => x + 1);
          }}
        >
          ${L('English', '中文')}
        </button>
      </div>
    </header>
    <nav aria-label=${L('页面', 'Pages')}>
      <ul>
        ${PAGES.map(
          (p) =>
            html`<li><a href=${`#/${p.id}`} aria-current=${p.id === page ? 'page' : undefined}>${L(p.zh, p.en)}</a></li>`,
        )}
      </ul>
    </nav>
    <main id="main" data-page=${page}>
      <h1>${L(current.zh, current.en)}</h1>
      ${loadError ? html`<p class="error" role="alert">${loadError}</p>` : null}
      ${session ? html`<${SessionContext.Provider} value=${session} key=${`${tenant}/${partnerId}`}>${current.view()}<//>` : null}
      ${session && gate ? html`<${GateDialog} ask=${gate} session=${session} />` : null}
    </main>
    <div class="notices" role="status" aria-live="polite">
      ${notices.map((n) => html`<p class=${`notice ${n.kind}`} key=${n.id}>${n.text}</p>`)}
    </div>
  `;
}

render(html`<${App} />`, document.getElementById('app')!);
