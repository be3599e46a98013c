/**
 * 模拟工具 Mock tools: tenants, the virtual clock, faults, scenarios, reset, the partner's funds and verification-code
 * gate, and the codes the mock "sent". Each is one control-surface call.
 */
import type { VNode } from 'preact';
import { useState } from 'preact/hooks';
import type { components } from '../../../src/generated/control/schema.js';
import { describeError, html, L, money, parseAmount, useLoad, useSession, when } from '../core.js';
import { Button, Check, Facts, Field, Form, Json, LoadError, Section, Table } from '../ui.js';

type Fault = components['schemas']['FaultRule'];
type Code = components['schemas']['SentCode'];

export function ToolsPage(): VNode {
  return html`
    <div class="grid">
      <${ClockTool} />
      <${GateTool} />
      <${FundsTool} />
      <${ScenarioTool} />
    </div>
    <${FaultsTool} />
    <${TenantsTool} />
  `;
}

function ClockTool(): VNode {
  const s = useSession();
  const clock = useLoad(() => s.ctl.getClock());
  const [seconds, setSeconds] = useState('3600');
  const [at, setAt] = useState('');
  const [frozen, setFrozen] = useState(true);
  const now = clock.data;
  return html`<${Section} title=${L('虚拟时钟', 'Virtual clock')}>
    <${LoadError} error=${clock.error} />
    <${Facts}
      testId="clock"
      items=${[
        [L('当前时间', 'Now'), now ? html`<time datetime=${now.now}>${now.now}</time>` : ''],
        [L('状态', 'State'), now ? (now.frozen ? L('已冻结', 'Frozen') : L('运行中', 'Running')) : ''],
      ]}
    />
    <p>
      <${Button}
        kind="secondary"
        onClick=${() => now && s.act(now.frozen ? L('恢复时钟', 'Resume clock') : L('冻结时钟', 'Freeze clock'), () => s.ctl.setClock({ now: now.now, frozen: !now.frozen }))}
      >${now?.frozen ? L('恢复走时', 'Resume') : L('冻结时钟', 'Freeze')}<//>
    </p>
    <${Form}
      label=${L('快进', 'Advance')}
      submit=${L('快进', 'Advance')}
      onSubmit=${() => {
        const n = Number(seconds);
        if (!Number.isFinite(n) || n < 0)
          return s.notify({ kind: 'error', text: L('秒数不正确', 'Invalid number of seconds') });
        return s.act(L('快进', 'Advance'), () => s.ctl.advanceClock({ seconds: n }));
      }}
    >
      <${Field} label=${L('秒数', 'Seconds')} name="advance_seconds" value=${seconds} inputMode="numeric" onInput=${setSeconds} />
    <//>
    <${Form}
      label=${L('设置时间', 'Set the time')}
      submit=${L('设置', 'Set')}
      onSubmit=${() => s.act(L('设置时间', 'Set time'), () => s.ctl.setClock({ now: at, frozen }))}
    >
      <${Field} label=${L('时间（ISO 8601，UTC）', 'Instant (ISO 8601, UTC)')} name="clock_now" value=${at} placeholder="2026-01-01T00:00:00Z" onInput=${setAt} required />
      <${Check} label=${L('冻结', 'Frozen')} name="clock_frozen" checked=${frozen} onChange=${setFrozen} />
    <//>
  <//>`;
}

function GateTool(): VNode {
  const s = useSession();
  const partner_id = s.partner.partner_id;
  const data = useLoad(async () => {
    const profile = await s.ctl.showPartnerProfile({ partner_id });
    const codes = await s.ctl.listSentCodes({});
    return { profile, codes: codes.codes.filter((c) => c.scene === 0) };
  });
  const enabled = data.data?.profile.verification_enabled ?? false;
  return html`<${Section} title=${L('验证码验证', 'Verification-code gate')}>
    <${LoadError} error=${data.error} />
    <p>
      ${L('敏感操作（批量拨款、解除关联、返点提现等）需要短信验证码：', 'Sensitive actions (batch allocation, disassociation, rebate withdrawal…) need an SMS code: ')}
      <strong data-testid="gate-state">${enabled ? L('已开启', 'on') : L('已关闭', 'off')}</strong>
    </p>
    <${Button}
      onClick=${() => s.act(L('验证码验证', 'Verification gate'), () => s.ctl.setConsoleVerification({ partner_id, enabled: !enabled }))}
    >${enabled ? L('关闭验证码验证', 'Turn the gate off') : L('开启验证码验证', 'Turn the gate on')}<//>
    <${Table}
      testId="sent-codes"
      caption=${L('模拟短信（控制台验证码）', 'Simulated SMS (console codes)')}
      rows=${data.data?.codes}
      rowKey=${(c: Code) => `${c.receiver}-${c.sent_at}`}
      columns=${[
        { head: L('接收号码', 'Receiver'), cell: (c: Code) => c.receiver },
        { head: L('验证码', 'Code'), cell: (c: Code) => html`<code>${c.code}</code>` },
        { head: L('状态', 'State'), cell: (c: Code) => c.state },
        { head: L('发送时间', 'Sent'), cell: (c: Code) => when(c.sent_at) },
      ]}
    />
  <//>`;
}

function FundsTool(): VNode {
  const s = useSession();
  const [cash, setCash] = useState('');
  const [credit, setCredit] = useState('');
  return html`<${Section} title=${L('伙伴资金（华为侧）', 'Partner funds (Huawei side)')}>
    <${Form}
      label=${L('设置伙伴资金', 'Set partner funds')}
      submit=${L('设置', 'Set')}
      onSubmit=${async () => {
        const c = cash === '' ? undefined : parseAmount(cash);
        const k = credit === '' ? undefined : parseAmount(credit);
        if ((cash !== '' && c === undefined) || (credit !== '' && k === undefined))
          return s.notify({ kind: 'error', text: L('金额格式不正确', 'Invalid amount') });
        const r = await s.act(L('设置伙伴资金', 'Set partner funds'), () =>
          s.ctl.setPartnerFunds({
            partner_id: s.partner.partner_id,
            ...(c !== undefined ? { cash_amount: c } : {}),
            ...(k !== undefined ? { credit_amount: k } : {}),
          }),
        );
        if (r) s.notify({ kind: 'ok', text: `${L('可拨款', 'Allocatable')}: ${money(r.allocatable_amount)}` });
      }}
    >
      <${Field} label=${L('现金余额 (元)', 'Cash (CNY)')} name="cash_amount" value=${cash} inputMode="decimal" onInput=${setCash} />
      <${Field} label=${L('信用额度 (元)', 'Credit (CNY)')} name="credit_amount" value=${credit} inputMode="decimal" onInput=${setCredit} />
    <//>
  <//>`;
}

function ScenarioTool(): VNode {
  const s = useSession();
  const [name, setName] = useState('customers');
  const [steps, setSteps] = useState('');
  const [result, setResult] = useState<unknown>();
  return html`<${Section} title=${L('场景与重置', 'Scenarios and reset')}>
    <${Form}
      label=${L('应用场景', 'Apply a scenario')}
      submit=${L('应用', 'Apply')}
      onSubmit=${async () => {
        let input: { name?: string; steps?: never[] };
        try {
          input = steps.trim() ? { steps: JSON.parse(steps) as never[] } : { name };
        } catch (e) {
          return s.notify({ kind: 'error', text: `JSON: ${(e as Error).message}` });
        }
        const r = await s.act(L('应用场景', 'Apply scenario'), () => s.ctl.applyScenario(input));
        if (r) setResult(r);
      }}
    >
      <${Field} label=${L('内置场景名', 'Built-in scenario')} name="scenario_name" value=${name} onInput=${setName} placeholder="customers, distributor" />
      <div class="field">
        <label for="scenario_steps">${L('或步骤 JSON（数组）', 'Or steps as JSON (an array)')}</label>
        <textarea id="scenario_steps" rows="3" value=${steps} onInput=${(e: Event) => setSteps((e.target as HTMLTextAreaElement).value)}></textarea>
      </div>
    <//>
    ${result ? html`<details><summary>${L('场景结果', 'Scenario result')}</summary><${Json} value=${result} /></details>` : null}
    <p>
      <${Button}
        kind="danger"
        onClick=${() => {
          if (confirm(L('重置当前租户的全部状态？', "Reset all of this tenant's state?")))
            s.act(L('重置', 'Reset'), () => s.ctl.reset());
        }}
      >${L('重置租户', 'Reset tenant')}<//>
    </p>
  <//>`;
}

function FaultsTool(): VNode {
  const s = useSession();
  const faults = useLoad(() => s.ctl.listFaults());
  const [f, setF] = useState({
    operation: '',
    action: 'error',
    times: '1',
    status: '500',
    error_code: '',
    latency_ms: '1000',
  });
  return html`<${Section} title=${L('故障注入', 'Faults')}>
    <${Form}
      label=${L('添加故障', 'Add a fault')}
      submit=${L('添加', 'Add')}
      onSubmit=${() => {
        const input: Record<string, unknown> = { action: f.action };
        if (f.operation) input.operation = f.operation;
        if (f.times) input.times = Number(f.times);
        if (f.action === 'error' || f.action === 'fail_after_commit') {
          if (f.status) input.status = Number(f.status);
          if (f.error_code) input.error_code = f.error_code;
        }
        if (f.action === 'latency') input.latency_ms = Number(f.latency_ms);
        return s.act(L('添加故障', 'Add fault'), () => s.ctl.addFault(input as never));
      }}
    >
      <${Field} label=${L('操作（operationId，空为全部）', 'Operation (operationId, empty: all)')} name="fault_operation" value=${f.operation} placeholder="UpdateCustomerAccountAmount" onInput=${(v: string) => setF({ ...f, operation: v })} />
      <${Field}
        label=${L('动作', 'Action')}
        name="fault_action"
        value=${f.action}
        onInput=${(v: string) => setF({ ...f, action: v })}
        options=${[['error', 'error'], ['rate_limit', 'rate_limit'], ['latency', 'latency'], ['reset', 'reset'], ['fail_after_commit', 'fail_after_commit']]}
      />
      <${Field} label=${L('次数', 'Times')} name="fault_times" value=${f.times} inputMode="numeric" onInput=${(v: string) => setF({ ...f, times: v })} />
      ${
        f.action === 'latency'
          ? html`<${Field} label=${L('延迟 (毫秒)', 'Latency (ms)')} name="fault_latency" value=${f.latency_ms} inputMode="numeric" onInput=${(v: string) => setF({ ...f, latency_ms: v })} />`
          : f.action === 'error' || f.action === 'fail_after_commit'
            ? html`<${Field} label=${L('HTTP 状态码', 'HTTP status')} name="fault_status" value=${f.status} inputMode="numeric" onInput=${(v: string) => setF({ ...f, status: v })} />
                <${Field} label=${L('错误码', 'Error code')} name="fault_code" value=${f.error_code} placeholder="CBC.0999" onInput=${(v: string) => setF({ ...f, error_code: v })} />`
            : null
      }
    <//>
    <${LoadError} error=${faults.error} />
    <${Table}
      testId="faults"
      caption=${L('生效的故障', 'Active faults')}
      rows=${faults.data?.faults}
      rowKey=${(x: Fault) => x.fault_id}
      columns=${[
        { head: 'ID', cell: (x: Fault) => html`<code>${x.fault_id}</code>` },
        { head: L('操作', 'Operation'), cell: (x: Fault) => x.operation ?? L('全部', 'all') },
        { head: L('动作', 'Action'), cell: (x: Fault) => x.action },
        { head: L('已触发 / 次数', 'Fired / times'), cell: (x: Fault) => `${x.fired} / ${x.times ?? '∞'}` },
        {
          head: L('清除', 'Clear'),
          cell: (x: Fault) =>
            html`<${Button} kind="secondary" label=${`${L('清除', 'Clear')} ${x.fault_id}`} onClick=${() => s.act(L('清除故障', 'Clear fault'), () => s.ctl.clearFaults({ fault_id: x.fault_id }))}>${L('清除', 'Clear')}<//>`,
        },
      ]}
    />
    <${Button} kind="secondary" onClick=${() => s.act(L('清除全部故障', 'Clear all faults'), () => s.ctl.clearFaults({}))}>${L('清除全部', 'Clear all')}<//>
  <//>`;
}

function TenantsTool(): VNode {
  const s = useSession();
  const tenants = useLoad(() => s.ctl.listTenants());
  const [name, setName] = useState('');
  type T = { tenant_id: string; name: string; partners: number; customers: number };
  return html`<${Section} title=${L('租户', 'Tenants')}>
    <${Form}
      label=${L('新建租户', 'New tenant')}
      submit=${L('新建', 'Create')}
      onSubmit=${async () => {
        try {
          const r = await s.ctl.createTenant(name ? { name } : {});
          s.notify({ kind: 'ok', text: `${L('已新建租户', 'Tenant created')}: ${r.tenant_id}` });
          s.refresh();
        } catch (e) {
          s.notify({ kind: 'error', text: describeError(e).text });
        }
      }}
    >
      <${Field} label=${L('名称', 'Name')} name="tenant_name" value=${name} onInput=${setName} />
    <//>
    <${Table}
      testId="tenants"
      caption=${L('租户（在页首切换）', 'Tenants (switch at the top)')}
      rows=${tenants.data?.tenants}
      rowKey=${(t: T) => t.tenant_id}
      columns=${[
        { head: 'ID', cell: (t: T) => html`<code>${t.tenant_id}</code>` },
        { head: L('名称', 'Name'), cell: (t: T) => t.name },
        { head: L('伙伴数', 'Partners'), num: true, cell: (t: T) => t.partners },
        { head: L('客户数', 'Customers'), num: true, cell: (t: T) => t.customers },
      ]}
    />
  <//>`;
}
