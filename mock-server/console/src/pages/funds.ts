/**
 * 充值 Recharge (RechargePartnerAccount online or offline, ConfirmRemittance as Huawei finance, the cash balance from
 * ListPartnerBalances) and 提现管理 rebate withdrawal (ShowRebateAccount, WithdrawRebate; SetRebateBalance as Huawei).
 */
import type { VNode } from 'preact';
import { useState } from 'preact/hooks';
import type { components } from '../../../src/generated/control/schema.js';
import { accountTypeName, html, L, money, parseAmount, useLoad, useSession, when } from '../core.js';
import { Button, Facts, Field, Form, LoadError, Section, Table } from '../ui.js';

type Recharge = components['schemas']['Recharge'];
type Withdrawal = components['schemas']['RebateAccount']['withdrawals'][number];
const invalid = () => L('金额格式不正确（元，最多两位小数）', 'Invalid amount (yuan, at most two decimals)');

export function RechargePage(): VNode {
  const s = useSession();
  const partner_id = s.partner.partner_id;
  const [form, setForm] = useState({ method: 'online', amount: '', channel: 'alipay', remitter: '' });
  const data = useLoad(async () => {
    const [profile, recharges, balances] = await Promise.all([
      s.ctl.showPartnerProfile({ partner_id }),
      s.ctl.listRecharges({ partner_id }),
      s.cn ? s.cn.listPartnerBalances({}) : Promise.resolve(undefined),
    ]);
    return { profile, recharges: recharges.recharges, balances: balances?.account_balances };
  });
  const methods = data.data?.profile.recharge_methods ?? [];
  return html`
    <${Section} title=${L('账户余额', 'Balances')}>
      <${LoadError} error=${data.error} />
      <${Facts}
        testId="recharge-balances"
        items=${[
          [L('合同主体', 'Contracting entity'), data.data?.profile.contracting_entity ?? ''],
          [L('可用充值方式', 'Recharge methods'), methods.join(', ')],
          ...(data.data?.balances ?? []).map((b): [string, string] => [
            accountTypeName(b.account_type),
            `${money(b.amount)} ${b.currency}`,
          ]),
        ]}
      />
    <//>
    <${Section} title=${L('充值', 'Recharge')}>
      <${Form}
        label=${L('充值', 'Recharge')}
        submit=${L('充值', 'Recharge')}
        onSubmit=${async () => {
          const amount = parseAmount(form.amount);
          if (amount === undefined) return s.notify({ kind: 'error', text: invalid() });
          await s.act(L('充值', 'Recharge'), () =>
            s.ctl.rechargePartnerAccount({
              partner_id,
              method: form.method as 'online',
              amount,
              ...(form.method === 'online'
                ? { payment_channel: form.channel as 'alipay' }
                : form.remitter
                  ? { remitter_account: form.remitter }
                  : {}),
            }),
          );
        }}
      >
        <${Field}
          label=${L('充值方式', 'Method')}
          name="method"
          value=${form.method}
          onInput=${(v: string) => setForm({ ...form, method: v })}
          options=${[['online', L('在线支付', 'Online payment')], ['offline', L('线下汇款', 'Offline remittance')]]}
        />
        ${
          form.method === 'online'
            ? html`<${Field}
                label=${L('支付渠道', 'Channel')}
                name="channel"
                value=${form.channel}
                onInput=${(v: string) => setForm({ ...form, channel: v })}
                options=${[['alipay', L('支付宝', 'Alipay')], ['wechat_pay', L('微信支付', 'WeChat Pay')], ['unionpay', L('银联', 'UnionPay')], ['online_banking', L('网银', 'Online banking')]]}
              />`
            : html`<${Field} label=${L('汇款账号', 'Remitter account')} name="remitter" value=${form.remitter} onInput=${(v: string) => setForm({ ...form, remitter: v })} />`
        }
        <${Field} label=${L('金额 (元)', 'Amount (CNY)')} name="recharge_amount" value=${form.amount} inputMode="decimal" onInput=${(v: string) => setForm({ ...form, amount: v })} required />
      <//>
      <${Table}
        testId="recharges"
        caption=${L('充值记录', 'Recharges')}
        rows=${data.data?.recharges}
        rowKey=${(r: Recharge) => r.recharge_id}
        columns=${[
          { head: L('充值 ID', 'Recharge ID'), cell: (r: Recharge) => html`<code>${r.recharge_id}</code>` },
          {
            head: L('方式', 'Method'),
            cell: (r: Recharge) => (r.method === 'online' ? L('在线支付', 'Online') : L('线下汇款', 'Offline')),
          },
          { head: L('金额', 'Amount'), num: true, cell: (r: Recharge) => money(r.amount) },
          {
            head: L('状态', 'Status'),
            cell: (r: Recharge) => (r.status === 'completed' ? L('已到账', 'Completed') : L('待确认', 'Pending')),
          },
          { head: L('创建时间', 'Created'), cell: (r: Recharge) => when(r.created_at) },
          {
            head: L('操作', 'Actions'),
            cell: (r: Recharge) =>
              r.status === 'pending'
                ? html`<${Button}
                    kind="secondary"
                    label=${`${L('确认到账', 'Confirm receipt')} ${r.recharge_id}`}
                    onClick=${() => s.act(L('确认到账', 'Confirm receipt'), () => s.ctl.confirmRemittance({ recharge_id: r.recharge_id }))}
                  >${L('模拟：财务确认到账', 'Mock: finance confirms')}<//>`
                : '',
          },
        ]}
      />
    <//>
  `;
}

export function RebatesPage(): VNode {
  const s = useSession();
  const partner_id = s.partner.partner_id;
  const [form, setForm] = useState({ amount: '', destination: 'bank', bank: '', holder: '', account: '', grant: '' });
  const data = useLoad(() => s.ctl.showRebateAccount({ partner_id }));
  return html`
    <${Section} title=${L('激励返点', 'Incentive rebate')}>
      <${LoadError} error=${data.error} />
      <${Facts} testId="rebate" items=${[[L('可提现金额', 'Withdrawable'), money(data.data?.withdrawable_amount)]]} />
      <${Form}
        label=${L('模拟：华为设置可提现返点', 'Mock: Huawei sets the withdrawable rebate')}
        submit=${L('设置', 'Set')}
        onSubmit=${async () => {
          const v = parseAmount(form.grant);
          if (v === undefined) return s.notify({ kind: 'error', text: invalid() });
          await s.act(L('设置返点', 'Set rebate'), () =>
            s.ctl.setRebateBalance({ partner_id, withdrawable_amount: v }),
          );
        }}
      >
        <${Field} label=${L('模拟：可提现返点 (元)', 'Mock: withdrawable rebate (CNY)')} name="rebate_grant" value=${form.grant} inputMode="decimal" onInput=${(v: string) => setForm({ ...form, grant: v })} />
      <//>
    <//>
    <${Section} title=${L('提现', 'Withdraw')}>
      <${Form}
        label=${L('提现', 'Withdraw')}
        submit=${L('提现', 'Withdraw')}
        onSubmit=${async () => {
          const amount = parseAmount(form.amount);
          if (amount === undefined) return s.notify({ kind: 'error', text: invalid() });
          await s.gated(L('返点提现', 'Rebate withdrawal'), (verification_code) =>
            s.ctl.withdrawRebate({
              partner_id,
              amount,
              destination: form.destination as 'bank',
              ...(form.destination === 'bank'
                ? { bank_name: form.bank, bank_account_name: form.holder, bank_account: form.account }
                : {}),
              ...(verification_code ? { verification_code } : {}),
            }),
          );
        }}
      >
        <${Field}
          label=${L('提现到', 'Withdraw to')}
          name="destination"
          value=${form.destination}
          onInput=${(v: string) => setForm({ ...form, destination: v })}
          options=${[['bank', L('银行账户', 'Bank account')], ['account', L('华为云现金账户', 'Cash account')]]}
        />
        ${
          form.destination === 'bank'
            ? html`<${Field} label=${L('开户行', 'Bank')} name="bank_name" value=${form.bank} onInput=${(v: string) => setForm({ ...form, bank: v })} />
                <${Field} label=${L('户名', 'Account holder')} name="bank_account_name" value=${form.holder} onInput=${(v: string) => setForm({ ...form, holder: v })} />
                <${Field} label=${L('银行账号', 'Account number')} name="bank_account" value=${form.account} onInput=${(v: string) => setForm({ ...form, account: v })} />`
            : null
        }
        <${Field} label=${L('金额 (元)', 'Amount (CNY)')} name="withdraw_amount" value=${form.amount} inputMode="decimal" onInput=${(v: string) => setForm({ ...form, amount: v })} required />
      <//>
      <${Table}
        testId="withdrawals"
        caption=${L('提现记录', 'Withdrawals')}
        rows=${data.data?.withdrawals}
        rowKey=${(w: Withdrawal) => w.withdrawal_id}
        columns=${[
          { head: L('提现 ID', 'Withdrawal ID'), cell: (w: Withdrawal) => html`<code>${w.withdrawal_id}</code>` },
          { head: L('金额', 'Amount'), num: true, cell: (w: Withdrawal) => money(w.amount) },
          {
            head: L('去向', 'To'),
            cell: (w: Withdrawal) =>
              w.destination === 'bank' ? `${w.bank_name ?? ''} ${w.bank_account ?? ''}` : L('现金账户', 'Cash account'),
          },
          { head: L('时间', 'Time'), cell: (w: Withdrawal) => when(w.created_at) },
        ]}
      />
    <//>
  `;
}
