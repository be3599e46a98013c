/**
 * 关联关系操作记录 Association records (ListAssociationRecords): 同意 / 驳回 a customer's disassociation request
 * (DecideAssociationAsPartner), withdrawing the partner's own request (CancelAssociationRequest), and, acting as the
 * customer, accepting or refusing the partner's request (DecideAssociationAsCustomer).
 */
import type { VNode } from 'preact';
import { useState } from 'preact/hooks';
import type { components } from '../../../src/generated/control/schema.js';
import { html, L, money, useLoad, useSession, when } from '../core.js';
import { Button, Field, Form, LoadError, Section, Table } from '../ui.js';
import { associationTypeName } from './customers.js';

type Record_ = components['schemas']['AssociationRecord'];

const operationName = (o: string) =>
  o === 'associate'
    ? L('关联', 'Associate')
    : o === 'switch_type'
      ? L('切换关联类型', 'Switch type')
      : L('解除关联', 'Disassociate');
const statusName = (s: string) =>
  ({
    pending: L('待处理', 'Pending'),
    approved: L('已同意', 'Approved'),
    rejected: L('已驳回', 'Rejected'),
    cancelled: L('已撤回', 'Cancelled'),
  })[s] ?? s;
const initiatorName = (i: string) => (i === 'partner' ? L('伙伴', 'Partner') : L('客户', 'Customer'));

export function AssociationsPage(): VNode {
  const s = useSession();
  const [filter, setFilter] = useState({ operation_type: '', initiator: '', status: '' });
  const [query, setQuery] = useState(filter);
  const partner_id = s.partner.partner_id;
  const data = useLoad(
    () =>
      s.ctl.listAssociationRecords({
        partner_id,
        limit: 100,
        ...(query.operation_type ? { operation_type: query.operation_type as 'associate' } : {}),
        ...(query.initiator ? { initiator: query.initiator as 'partner' } : {}),
        ...(query.status ? { status: query.status as 'pending' } : {}),
      }),
    [query],
  );

  const decideAsPartner = (r: Record_, decision: 'approve' | 'reject') =>
    s.gated(
      decision === 'approve' ? L('同意解除关联', 'Approve disassociation') : L('驳回解除关联', 'Reject disassociation'),
      (verification_code) =>
        s.ctl.decideAssociationAsPartner({
          record_id: r.record_id,
          partner_id,
          decision,
          ...(verification_code ? { verification_code } : {}),
        }),
    );
  const decideAsCustomer = (r: Record_, decision: 'approve' | 'reject') =>
    s.act(decision === 'approve' ? L('客户同意', 'Customer accepts') : L('客户拒绝', 'Customer refuses'), () =>
      s.ctl.decideAssociationAsCustomer({ record_id: r.record_id, customer_id: r.customer_id, decision }),
    );

  return html`<${Section} title=${L('关联关系操作记录', 'Association records')}>
    <${Form} label=${L('筛选记录', 'Filter records')} submit=${L('查询', 'Search')} onSubmit=${() => setQuery(filter)}>
      <${Field}
        label=${L('操作类型', 'Operation')}
        name="operation_type"
        value=${filter.operation_type}
        onInput=${(v: string) => setFilter({ ...filter, operation_type: v })}
        options=${[['', L('全部', 'All')], ...['associate', 'switch_type', 'disassociate'].map((o) => [o, operationName(o)])]}
      />
      <${Field}
        label=${L('发起方', 'Initiator')}
        name="initiator"
        value=${filter.initiator}
        onInput=${(v: string) => setFilter({ ...filter, initiator: v })}
        options=${[['', L('全部', 'All')], ['partner', initiatorName('partner')], ['customer', initiatorName('customer')]]}
      />
      <${Field}
        label=${L('状态', 'Status')}
        name="status"
        value=${filter.status}
        onInput=${(v: string) => setFilter({ ...filter, status: v })}
        options=${[['', L('全部', 'All')], ...['pending', 'approved', 'rejected', 'cancelled'].map((o) => [o, statusName(o)])]}
      />
    <//>
    <${LoadError} error=${data.error} />
    <${Table}
      testId="association-records"
      caption=${`${L('记录', 'Records')}: ${data.data?.total_count ?? '…'}`}
      rows=${data.data?.records}
      rowKey=${(r: Record_) => r.record_id}
      columns=${[
        {
          head: L('客户', 'Customer'),
          cell: (r: Record_) => html`${r.account_name}<br /><code>${r.customer_id}</code>`,
        },
        { head: L('操作类型', 'Operation'), cell: (r: Record_) => operationName(r.operation_type) },
        { head: L('发起方', 'Initiator'), cell: (r: Record_) => initiatorName(r.initiator) },
        {
          head: L('状态', 'Status'),
          cell: (r: Record_) => html`<span data-status=${r.status}>${statusName(r.status)}</span>`,
        },
        {
          head: L('关联类型', 'Type'),
          cell: (r: Record_) =>
            r.target_association_type
              ? `${associationTypeName(r.association_type)} → ${associationTypeName(r.target_association_type)}`
              : associationTypeName(r.association_type),
        },
        { head: L('原因', 'Reason'), cell: (r: Record_) => [r.reason, r.decision_reason].filter(Boolean).join(' / ') },
        { head: L('创建时间', 'Created'), cell: (r: Record_) => when(r.created_at) },
        {
          head: L('结果', 'Effects'),
          cell: (r: Record_) =>
            r.effects
              ? html`${L('回收余额', 'Reclaimed')} ${money(r.effects.reclaimed_amount)}${r.effects.unbind_trans_id ? html` <code>${r.effects.unbind_trans_id}</code>` : ''};
                  ${L('回收券', 'coupons')} ${r.effects.reclaimed_coupons.length}`
              : '',
        },
        {
          head: L('操作', 'Actions'),
          cell: (r: Record_) =>
            r.status !== 'pending'
              ? ''
              : r.initiator === 'customer'
                ? html`<div class="row-actions">
                    <${Button} onClick=${() => decideAsPartner(r, 'approve')} label=${`${L('同意', 'Approve')} ${r.account_name}`}>${L('同意', 'Approve')}<//>
                    <${Button} kind="danger" onClick=${() => decideAsPartner(r, 'reject')} label=${`${L('驳回', 'Reject')} ${r.account_name}`}>${L('驳回', 'Reject')}<//>
                  </div>`
                : html`<div class="row-actions">
                    <${Button}
                      kind="secondary"
                      onClick=${() => s.act(L('撤回申请', 'Withdraw request'), () => s.ctl.cancelAssociationRequest({ record_id: r.record_id, partner_id }))}
                      label=${`${L('撤回', 'Withdraw')} ${r.account_name}`}
                    >${L('撤回', 'Withdraw')}<//>
                    <${Button} onClick=${() => decideAsCustomer(r, 'approve')} label=${`${L('客户同意', 'Customer accepts')} ${r.account_name}`}>${L('客户同意', 'Customer accepts')}<//>
                    <${Button} kind="danger" onClick=${() => decideAsCustomer(r, 'reject')} label=${`${L('客户拒绝', 'Customer refuses')} ${r.account_name}`}>${L('客户拒绝', 'Customer refuses')}<//>
                  </div>`,
        },
      ]}
    />
  <//>`;
}
