/**
 * 客户列表 Customers: ListSubCustomers with balances (ListCustomersBalancesDetail), the partner's own balances
 * (ListPartnerBalances); 拨款 / 回收 (UpdateCustomerAccountAmount / ReclaimToPartnerAccount), 批量拨款 (BatchAllocate),
 * 冻结 / 解冻 (the console's China-site freeze, or the international API's), 解除关联, 切换关联类型; and what the customer
 * does in its own account centre (asking to disassociate, full withdrawal).
 */
import type { VNode } from 'preact';
import { useState } from 'preact/hooks';
import { accountTypeName, html, L, money, parseAmount, useLoad, useSession, when } from '../core.js';
import { Button, Dialog, Facts, Field, Form, LoadError, Section, Table } from '../ui.js';

interface Row {
  customer_id: string;
  account_name: string;
  association_type?: string;
  associated_on?: string;
  is_frozen?: number;
  balance?: number;
}

export const associationTypeName = (t: string | undefined): string =>
  t === '1'
    ? L('顾问销售 (1)', 'Referral (1)')
    : t === '2'
      ? L('代售 (2)', 'Reseller model (2)')
      : t === '3'
        ? L('转售 (3)', 'Resale (3)')
        : '';

const frozenName = (f: number | undefined): string =>
  f === 1 ? L('已冻结', 'Frozen') : f === 2 ? L('冻结中', 'Freezing') : L('正常', 'Normal');

type Action =
  | {
      kind: 'allocate' | 'reclaim' | 'disassociate' | 'switch' | 'freeze' | 'unfreeze' | 'customer-disassociate';
      row: Row;
    }
  | { kind: 'batch'; rows: Row[] };

export function CustomersPage(): VNode {
  const s = useSession();
  const [name, setName] = useState('');
  const [type, setType] = useState('');
  const [frozen, setFrozen] = useState('');
  const [query, setQuery] = useState({ name: '', type: '' });
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [action, setAction] = useState<Action | undefined>();

  const data = useLoad(async () => {
    const filter = {
      limit: 100,
      ...(query.name ? { account_name: query.name } : {}),
      ...(query.type ? { association_type: query.type as '1' } : {}),
    };
    if (s.cn) {
      const list = await s.cn.listSubCustomers(filter);
      // Lists the service may leave out when empty (the mock does too, by default) read as empty.
      const infos = list.customer_infos ?? [];
      const ids = infos.map((c) => ({ customer_id: c.customer_id }));
      const balances = ids.length
        ? ((await s.cn.listCustomersBalancesDetail({ customer_infos: ids })).customer_balances ?? [])
        : [];
      const own = (await s.cn.listPartnerBalances({})).account_balances;
      const rows: Row[] = infos.map((c) => ({
        ...c,
        balance: balances.find((b) => b.customer_id === c.customer_id)?.amount,
      }));
      return { rows, count: list.count, own };
    }
    const list = await s.intl!.listSubCustomers(filter as never);
    return { rows: list.customer_infos as Row[], count: list.count, own: [] };
  }, [query]);

  const rows = (data.data?.rows ?? []).filter((r) => frozen === '' || String(r.is_frozen ?? 0) === frozen);
  const toggle = (id: string, on: boolean) => {
    const next = new Set(selected);
    if (on) next.add(id);
    else next.delete(id);
    setSelected(next);
  };
  const chosen = rows.filter((r) => selected.has(r.customer_id));

  return html`
    ${
      s.cn
        ? html`<${Section} title=${L('我的账户余额', 'My balances')}>
            <${Facts}
              testId="partner-balances"
              items=${(data.data?.own ?? []).map((b) => [
                accountTypeName(b.account_type),
                html`<span data-account-type=${b.account_type}>${money(b.amount)} ${b.currency}</span>`,
              ])}
            />
          <//>`
        : null
    }
    <${Section} title=${L('客户列表', 'Customers')} actions=${
      s.cn
        ? html`<${Button} onClick=${() => setAction({ kind: 'batch', rows: chosen })} disabled=${chosen.length === 0}>
            ${L('批量拨款', 'Batch allocation')} (${chosen.length})
          <//>`
        : null
    }>
      <${Form} label=${L('筛选客户', 'Filter customers')} submit=${L('查询', 'Search')} onSubmit=${() => setQuery({ name, type })}>
        <${Field} label=${L('客户账号名', 'Account name')} name="account_name" value=${name} onInput=${setName} />
        <${Field}
          label=${L('关联类型', 'Association type')}
          name="association_type"
          value=${type}
          onInput=${setType}
          options=${[
            ['', L('全部', 'All')],
            ...(s.cn
              ? [
                  ['1', associationTypeName('1')],
                  ['2', associationTypeName('2')],
                ]
              : [
                  ['1', associationTypeName('1')],
                  ['3', associationTypeName('3')],
                ]),
          ]}
        />
        <${Field}
          label=${L('冻结状态', 'Frozen state')}
          name="frozen"
          value=${frozen}
          onInput=${setFrozen}
          options=${[['', L('全部', 'All')], ['0', frozenName(0)], ['1', frozenName(1)]]}
        />
      <//>
      <${LoadError} error=${data.error} />
      <${Table}
        testId="customers"
        caption=${`${L('客户', 'Customers')}: ${data.data?.count ?? '…'}`}
        rows=${data.data ? rows : undefined}
        rowKey=${(r: Row) => r.customer_id}
        columns=${[
          {
            head: L('选择', 'Select'),
            cell: (r: Row) =>
              html`<input
                type="checkbox"
                aria-label=${`${L('选择', 'Select')} ${r.account_name}`}
                checked=${selected.has(r.customer_id)}
                onChange=${(e: Event) => toggle(r.customer_id, (e.target as HTMLInputElement).checked)}
              />`,
          },
          { head: L('客户账号名', 'Account name'), cell: (r: Row) => r.account_name },
          { head: L('客户 ID', 'Customer ID'), cell: (r: Row) => html`<code>${r.customer_id}</code>` },
          { head: L('关联类型', 'Association type'), cell: (r: Row) => associationTypeName(r.association_type) },
          { head: L('关联时间', 'Associated on'), cell: (r: Row) => when(r.associated_on) },
          ...(s.cn
            ? [
                {
                  head: L('余额 (元)', 'Balance (CNY)'),
                  num: true,
                  cell: (r: Row) => html`<span data-balance>${money(r.balance)}</span>`,
                },
              ]
            : []),
          { head: L('冻结状态', 'Frozen'), cell: (r: Row) => frozenName(r.is_frozen) },
          {
            head: L('操作', 'Actions'),
            cell: (r: Row) => html`<div class="row-actions">
              ${
                s.cn
                  ? html`<${Button} onClick=${() => setAction({ kind: 'allocate', row: r })} label=${`${L('拨款', 'Allocate')} ${r.account_name}`}>${L('拨款', 'Allocate')}<//>
                      <${Button} onClick=${() => setAction({ kind: 'reclaim', row: r })} label=${`${L('回收', 'Reclaim')} ${r.account_name}`}>${L('回收', 'Reclaim')}<//>`
                  : null
              }
              <${Button}
                kind="secondary"
                onClick=${() => setAction({ kind: r.is_frozen === 1 ? 'unfreeze' : 'freeze', row: r })}
                label=${`${r.is_frozen === 1 ? L('解冻', 'Unfreeze') : L('冻结', 'Freeze')} ${r.account_name}`}
              >${r.is_frozen === 1 ? L('解冻', 'Unfreeze') : L('冻结', 'Freeze')}<//>
              <${Button} kind="secondary" onClick=${() => setAction({ kind: 'switch', row: r })} label=${`${L('切换关联类型', 'Switch type')} ${r.account_name}`}>${L('切换关联类型', 'Switch type')}<//>
              <${Button} kind="danger" onClick=${() => setAction({ kind: 'disassociate', row: r })} label=${`${L('解除关联', 'Disassociate')} ${r.account_name}`}>${L('解除关联', 'Disassociate')}<//>
              <${Button} kind="secondary" onClick=${() => setAction({ kind: 'customer-disassociate', row: r })} label=${`${L('以客户身份操作', 'Act as customer')} ${r.account_name}`}>${L('以客户身份…', 'As customer…')}<//>
            </div>`,
          },
        ]}
      />
    <//>
    ${action ? html`<${CustomerAction} action=${action} close=${() => setAction(undefined)} done=${() => setSelected(new Set())} />` : null}
  `;
}

/** The dialog of one action on a customer (or several, for batch allocation). */
function CustomerAction(props: { action: Action; close: () => void; done: () => void }): VNode {
  const s = useSession();
  const { action, close } = props;
  const [amount, setAmount] = useState('');
  const [reason, setReason] = useState('');
  const [amounts, setAmounts] = useState<Record<string, string>>({});
  const [result, setResult] = useState<unknown>();
  const partner_id = s.partner.partner_id;
  const bad = () =>
    s.notify({
      kind: 'error',
      text: L('金额格式不正确（元，最多两位小数）', 'Invalid amount (yuan, at most two decimals)'),
    });

  if (action.kind === 'batch') {
    const batch = result as
      | {
          success_count: number;
          failure_count: number;
          results: {
            customer_id: string;
            amount: number;
            transfer_id?: string;
            error_code?: string;
            error_msg?: string;
          }[];
        }
      | undefined;
    return html`<${Dialog} title=${L('批量拨款', 'Batch allocation')} onClose=${close} testId="batch-allocate">
      ${
        batch
          ? html`<p data-testid="batch-summary">${L('成功', 'Succeeded')} ${batch.success_count}, ${L('失败', 'failed')} ${batch.failure_count}</p>
              <${Table}
                testId="batch-results"
                caption=${L('每个客户的结果', 'Result per customer')}
                rows=${batch.results}
                rowKey=${(r: { customer_id: string }) => r.customer_id}
                columns=${[
                  {
                    head: L('客户 ID', 'Customer ID'),
                    cell: (r: { customer_id: string }) => html`<code>${r.customer_id}</code>`,
                  },
                  { head: L('金额', 'Amount'), num: true, cell: (r: { amount: number }) => money(r.amount) },
                  {
                    head: L('结果', 'Result'),
                    cell: (r: { transfer_id?: string; error_code?: string; error_msg?: string }) =>
                      r.transfer_id ? `${L('成功', 'OK')} ${r.transfer_id}` : `${r.error_code}: ${r.error_msg}`,
                  },
                ]}
              />`
          : html`<${Form}
              label=${L('批量拨款', 'Batch allocation')}
              submit=${L('拨款', 'Allocate')}
              onSubmit=${async () => {
                const allocations = action.rows.map((r) => ({
                  customer_id: r.customer_id,
                  amount: parseAmount(amounts[r.customer_id] ?? ''),
                }));
                if (allocations.some((a) => a.amount === undefined)) return bad();
                const r = await s.gated(L('批量拨款', 'Batch allocation'), (verification_code) =>
                  s.ctl.batchAllocate({
                    partner_id,
                    allocations: allocations as { customer_id: string; amount: number }[],
                    ...(verification_code ? { verification_code } : {}),
                  }),
                );
                if (r) {
                  setResult(r);
                  props.done();
                }
              }}
            >
              ${action.rows.map(
                (r) =>
                  html`<${Field}
                    label=${`${r.account_name} ${L('拨款金额 (元)', 'amount (CNY)')}`}
                    name=${`amount-${r.customer_id}`}
                    value=${amounts[r.customer_id] ?? ''}
                    inputMode="decimal"
                    required
                    onInput=${(v: string) => setAmounts({ ...amounts, [r.customer_id]: v })}
                  />`,
              )}
            <//>`
      }
    <//>`;
  }

  const row = action.row;
  const customer_id = row.customer_id;
  const titles: Record<typeof action.kind, string> = {
    allocate: L('拨款', 'Allocate'),
    reclaim: L('回收', 'Reclaim'),
    disassociate: L('解除关联', 'Disassociate'),
    switch: L('切换关联类型', 'Switch association type'),
    freeze: L('冻结', 'Freeze'),
    unfreeze: L('解冻', 'Unfreeze'),
    'customer-disassociate': L('以客户身份操作', 'Act as the customer'),
  };
  const title = `${titles[action.kind]}: ${row.account_name}`;
  const finish = (r: unknown) => {
    if (r !== undefined) close();
  };

  const body = (() => {
    switch (action.kind) {
      case 'allocate':
      case 'reclaim':
        return html`<${Form}
          label=${title}
          submit=${titles[action.kind]}
          onSubmit=${async () => {
            const value = parseAmount(amount);
            if (value === undefined) return bad();
            finish(
              await s.act<unknown>(titles[action.kind], () =>
                action.kind === 'allocate'
                  ? s.cn!.updateCustomerAccountAmount({ customer_id, amount: value })
                  : s.cn!.reclaimToPartnerAccount({ customer_id, amount: value }),
              ),
            );
          }}
        >
          <${Field} label=${L('金额 (元)', 'Amount (CNY)')} name="amount" value=${amount} onInput=${setAmount} inputMode="decimal" required />
        <//>`;
      case 'freeze':
      case 'unfreeze': {
        const freeze = action.kind === 'freeze';
        return html`<${Form}
          label=${title}
          submit=${titles[action.kind]}
          onSubmit=${async () => {
            const input = { customer_ids: [customer_id], reason };
            finish(
              await s.act(titles[action.kind], async () => {
                // China: the console's freeze; international: the API's own FreezeSubCustomers.
                const r = s.cn
                  ? await (freeze
                      ? s.ctl.freezeCustomersInConsole({ partner_id, ...input })
                      : s.ctl.unfreezeCustomersInConsole({ partner_id, ...input }))
                  : await (freeze ? s.intl!.freezeSubCustomers(input) : s.intl!.unfreezeSubCustomers(input));
                const refused = (r as { error_details?: { error_code: string; error_msg: string }[] } | undefined)
                  ?.error_details?.[0];
                if (refused) throw new Error(`${refused.error_code}: ${refused.error_msg}`);
                return r ?? {};
              }),
            );
          }}
        >
          <${Field} label=${L('原因', 'Reason')} name="reason" value=${reason} onInput=${setReason} required />
        <//>`;
      }
      case 'disassociate':
        return html`<${Form}
          label=${title}
          submit=${L('提交申请', 'Submit request')}
          onSubmit=${async () =>
            finish(
              await s.gated(titles.disassociate, (verification_code) =>
                s.ctl.requestDisassociation({
                  partner_id,
                  customer_id,
                  reason,
                  ...(verification_code ? { verification_code } : {}),
                }),
              ),
            )}
        >
          <p>${L('客户同意后生效：余额回收（BEUNBIND），伙伴券回收。', 'Takes effect when the customer accepts: the balance comes back (BEUNBIND), partner coupons are reclaimed.')}</p>
          <${Field} label=${L('原因', 'Reason')} name="reason" value=${reason} onInput=${setReason} required />
        <//>`;
      case 'switch': {
        const target = s.cn ? (row.association_type === '1' ? '2' : '1') : row.association_type === '1' ? '3' : '1';
        return html`<${Form}
          label=${title}
          submit=${L('提交申请', 'Submit request')}
          onSubmit=${async () =>
            finish(
              await s.gated(titles.switch, (verification_code) =>
                s.ctl.requestAssociationTypeSwitch({
                  partner_id,
                  customer_id,
                  association_type: target,
                  ...(reason ? { reason } : {}),
                  ...(verification_code ? { verification_code } : {}),
                }),
              ),
            )}
        >
          <p>${associationTypeName(row.association_type)} → ${associationTypeName(target)}</p>
          <${Field} label=${L('原因', 'Reason')} name="reason" value=${reason} onInput=${setReason} />
        <//>`;
      }
      case 'customer-disassociate':
        return html`
          <p>${L('以下操作由客户在其账号中心完成。', 'What the customer does in its own account centre.')}</p>
          <${Form}
            label=${L('客户申请解除关联', 'The customer asks to disassociate')}
            submit=${L('申请解除关联', 'Ask to disassociate')}
            onSubmit=${async () => finish(await s.act(L('客户申请解除关联', 'Customer disassociation request'), () => s.ctl.requestDisassociationAsCustomer({ customer_id, reason })))}
          >
            <${Field} label=${L('原因', 'Reason')} name="reason" value=${reason} onInput=${setReason} required />
          <//>
          <p>
            <${Button}
              kind="secondary"
              onClick=${async () => {
                const r = await s.act(L('全额提现', 'Full withdrawal'), () =>
                  s.ctl.customerFullWithdrawal({ customer_id }),
                );
                if (r) setResult(r);
              }}
            >${L('全额提现（现金券、提货券退回额度）', 'Full withdrawal (cash and pickup coupons back to the quotas)')}<//>
          </p>
          ${result ? html`<p data-testid="full-withdrawal">${L('退回额度合计', 'Returned to quotas')}: ${money((result as { total_returned: number }).total_returned)}</p>` : null}
        `;
    }
  })();
  return html`<${Dialog} title=${title} onClose=${close} testId="customer-action">${body}<//>`;
}
