/**
 * 代金券 / 现金券 / 提货券: issued vouchers and cash coupons (ListIssuedPartnerCoupons), issuing with a remark
 * (CreatePartnerCoupons `memo`), reclaim (ReclaimPartnerCoupons), batch reclaim with the amount actually reclaimed
 * (BatchReclaimCoupons), the records with their remarks (ListPartnerCouponsRecord); pickup coupons of a
 * government-cloud partner (the console's pickup-coupon operations).
 */
import type { VNode } from 'preact';
import { useState } from 'preact/hooks';
import { html, L, money, parseAmount, useLoad, useSession, when } from '../core.js';
import { Button, Check, Facts, Field, Form, LoadError, Section, Table } from '../ui.js';

const couponStatus = (s: number) =>
  ({
    1: L('未激活', 'Inactive'),
    2: L('待使用', 'Available'),
    3: L('已使用', 'Used'),
    4: L('已过期', 'Expired'),
    5: L('已回收', 'Reclaimed'),
  })[s] ?? String(s);
const recordType = (t: number) =>
  ({
    1: L('发放', 'Issued'),
    2: L('回收', 'Reclaimed'),
    3: L('解除关联回收', 'Reclaimed on disassociation'),
    8: L('切换关联类型回收', 'Reclaimed on type switch'),
  })[t] ?? `${L('类型', 'Type')} ${t}`;

type Kind = 'voucher' | 'cash' | 'pickup';

export function CouponsPage(): VNode {
  const s = useSession();
  const [kind, setKind] = useState<Kind>('voucher');
  if (!s.cn)
    return html`<p>${L('国际站伙伴没有券的开放接口。', 'International partners have no coupon operations in the API.')}</p>`;
  return html`
    <div role="tablist" aria-label=${L('券类型', 'Coupon kind')} class="tabs">
      ${(
        [
          ['voucher', L('代金券', 'Vouchers')],
          ['cash', L('现金券', 'Cash coupons')],
          ['pickup', L('提货券', 'Pickup coupons')],
        ] as [Kind, string][]
      ).map(
        ([k, text]) =>
          html`<button type="button" role="tab" aria-selected=${kind === k} class=${kind === k ? 'tab active' : 'tab'} onClick=${() => setKind(k)}>${text}</button>`,
      )}
    </div>
    ${kind === 'pickup' ? html`<${PickupCoupons} />` : html`<${PartnerCoupons} key=${kind} couponType=${kind === 'voucher' ? 1 : 4} />`}
  `;
}

type Coupon = {
  coupon_id: string;
  customer_id: string;
  face_value: number;
  balance: number;
  status: number;
  expire_time: string;
};

function PartnerCoupons(props: { couponType: 1 | 4 }): VNode {
  const s = useSession();
  const cn = s.cn!;
  const partner_id = s.partner.partner_id;
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [reclaimed, setReclaimed] =
    useState<{ coupon_id: string; reclaimed_amount?: number; error_code?: string; error_msg?: string }[]>();
  const [form, setForm] = useState({ quota_id: '', face_value: '', memo: '' });
  const [customers, setCustomers] = useState<Set<string>>(new Set());
  const quotaType = props.couponType === 1 ? 0 : 1;

  const data = useLoad(async () => {
    const [coupons, quotas, records, subs] = await Promise.all([
      cn.listIssuedPartnerCoupons({ coupon_type: props.couponType, limit: 100 }),
      cn.listQuotaCoupons({ quota_type: quotaType, limit: 100 }),
      cn.listPartnerCouponsRecord({ quota_type: quotaType, limit: 100 }),
      cn.listSubCustomers({ limit: 100 }),
    ]);
    return { coupons, quotas: quotas.quotas, records: records.records, customers: subs.customer_infos };
  });
  const label = props.couponType === 1 ? L('代金券', 'vouchers') : L('现金券', 'cash coupons');

  return html`
    <${Section} title=${`${L('发放', 'Issue')} ${label}`}>
      <${Form}
        label=${`${L('发放', 'Issue')} ${label}`}
        submit=${L('发放', 'Issue')}
        testId="issue-coupons"
        onSubmit=${async () => {
          const face_value = parseAmount(form.face_value);
          if (face_value === undefined || !form.quota_id || customers.size === 0)
            return s.notify({
              kind: 'error',
              text: L('请选择额度、客户并填写面额', 'Choose a quota and customers, and enter the face value'),
            });
          const r = await s.act(L('发放', 'Issue'), () =>
            cn.createPartnerCoupons({
              quota_id: form.quota_id,
              customer_ids: [...customers],
              face_value,
              ...(form.memo ? { memo: form.memo } : {}),
            }),
          );
          const refused = r?.error_details?.[0];
          if (refused) s.notify({ kind: 'error', text: `${refused.id}: ${refused.error_code} ${refused.error_msg}` });
        }}
      >
        <${Field}
          label=${L('额度', 'Quota')}
          name="quota_id"
          value=${form.quota_id}
          onInput=${(v: string) => setForm({ ...form, quota_id: v })}
          options=${[['', L('请选择', 'Choose…')], ...(data.data?.quotas ?? []).map((q) => [q.quota_id, `${q.quota_id} · ${L('余额', 'balance')} ${money(q.balance)}`])]}
        />
        <${Field} label=${L('面额 (元)', 'Face value (CNY)')} name="face_value" value=${form.face_value} inputMode="decimal" onInput=${(v: string) => setForm({ ...form, face_value: v })} />
        <${Field} label=${L('备注', 'Remark')} name="memo" value=${form.memo} onInput=${(v: string) => setForm({ ...form, memo: v })} />
        <fieldset>
          <legend>${L('客户', 'Customers')}</legend>
          ${(data.data?.customers ?? []).map(
            (c) =>
              html`<${Check}
                name=${`issue-${c.customer_id}`}
                label=${c.account_name}
                checked=${customers.has(c.customer_id)}
                onChange=${(on: boolean) => {
                  const next = new Set(customers);
                  if (on) next.add(c.customer_id);
                  else next.delete(c.customer_id);
                  setCustomers(next);
                }}
              />`,
          )}
        </fieldset>
      <//>
    <//>
    <${Section}
      title=${`${L('已发放的', 'Issued')} ${label}`}
      actions=${html`<${Button}
        disabled=${selected.size === 0}
        onClick=${async () => {
          const r = await s.gated(L('批量回收', 'Batch reclaim'), (verification_code) =>
            s.ctl.batchReclaimCoupons({
              partner_id,
              coupon_ids: [...selected],
              ...(verification_code ? { verification_code } : {}),
            }),
          );
          if (r) {
            setReclaimed(r.results);
            setSelected(new Set());
          }
        }}
      >${L('批量回收', 'Batch reclaim')} (${selected.size})<//>`}
    >
      ${
        reclaimed
          ? html`<${Table}
              testId="batch-reclaim-results"
              caption=${L('批量回收结果（实际回收金额）', 'Batch reclaim (amount actually reclaimed)')}
              rows=${reclaimed}
              rowKey=${(r: { coupon_id: string }) => r.coupon_id}
              columns=${[
                {
                  head: L('券 ID', 'Coupon ID'),
                  cell: (r: { coupon_id: string }) => html`<code>${r.coupon_id}</code>`,
                },
                {
                  head: L('结果', 'Result'),
                  cell: (r: { reclaimed_amount?: number; error_code?: string; error_msg?: string }) =>
                    r.error_code
                      ? `${r.error_code}: ${r.error_msg}`
                      : `${L('回收', 'Reclaimed')} ${money(r.reclaimed_amount)}`,
                },
              ]}
            />`
          : null
      }
      <${LoadError} error=${data.error} />
      <${Table}
        testId="coupons"
        caption=${`${label}: ${data.data?.coupons.total_count ?? '…'}`}
        rows=${data.data?.coupons.user_coupons}
        rowKey=${(c: Coupon) => c.coupon_id}
        columns=${[
          {
            head: L('选择', 'Select'),
            cell: (c: Coupon) =>
              html`<input
                type="checkbox"
                aria-label=${`${L('选择', 'Select')} ${c.coupon_id}`}
                checked=${selected.has(c.coupon_id)}
                onChange=${(e: Event) => {
                  const next = new Set(selected);
                  if ((e.target as HTMLInputElement).checked) next.add(c.coupon_id);
                  else next.delete(c.coupon_id);
                  setSelected(next);
                }}
              />`,
          },
          { head: L('券 ID', 'Coupon ID'), cell: (c: Coupon) => html`<code>${c.coupon_id}</code>` },
          { head: L('客户 ID', 'Customer ID'), cell: (c: Coupon) => html`<code>${c.customer_id}</code>` },
          { head: L('面额', 'Face value'), num: true, cell: (c: Coupon) => money(c.face_value) },
          { head: L('余额', 'Balance'), num: true, cell: (c: Coupon) => money(c.balance) },
          { head: L('状态', 'Status'), cell: (c: Coupon) => couponStatus(c.status) },
          { head: L('到期时间', 'Expires'), cell: (c: Coupon) => when(c.expire_time) },
          {
            head: L('操作', 'Actions'),
            cell: (c: Coupon) =>
              c.status === 2 || c.status === 1
                ? html`<${Button} kind="secondary" label=${`${L('回收', 'Reclaim')} ${c.coupon_id}`} onClick=${() => s.act(L('回收', 'Reclaim'), () => cn.reclaimPartnerCoupons({ coupon_id: c.coupon_id }))}>${L('回收', 'Reclaim')}<//>`
                : '',
          },
        ]}
      />
    <//>
    <${Section} title=${L('发放回收记录', 'Issue and reclaim records')}>
      <${Table}
        testId="coupon-records"
        caption=${L('记录（含备注）', 'Records (with remarks)')}
        rows=${data.data?.records}
        rowKey=${(r: { id: string }) => r.id}
        columns=${[
          { head: L('时间', 'Time'), cell: (r: { operation_time: string }) => when(r.operation_time) },
          { head: L('类型', 'Type'), cell: (r: { operation_type: number }) => recordType(r.operation_type) },
          { head: L('券 ID', 'Coupon ID'), cell: (r: { coupon_id: string }) => html`<code>${r.coupon_id}</code>` },
          {
            head: L('客户 ID', 'Customer ID'),
            cell: (r: { customer_id: string }) => html`<code>${r.customer_id}</code>`,
          },
          {
            head: L('金额', 'Amount'),
            num: true,
            cell: (r: { operation_amount: number }) => money(r.operation_amount),
          },
          { head: L('备注', 'Remark'), cell: (r: { remark?: string }) => r.remark ?? '' },
        ]}
      />
    <//>
  `;
}

type Pickup = {
  coupon_id: string;
  customer_id: string;
  quota_id: string;
  face_value: number;
  balance: number;
  status: number;
  close_reason?: string;
};

function PickupCoupons(): VNode {
  const s = useSession();
  const partner_id = s.partner.partner_id;
  const [form, setForm] = useState({ quota_id: '', face_value: '', customer_id: '', grant: '' });
  const data = useLoad(async () => {
    const profile = await s.ctl.showPartnerProfile({ partner_id });
    if (!profile.government_cloud) return { profile };
    const [quotas, coupons, subs] = await Promise.all([
      s.ctl.listPickupCouponQuotas({ partner_id }),
      s.ctl.listPickupCoupons({ partner_id, limit: 100 }),
      s.cn!.listSubCustomers({ limit: 100, association_type: '2' }),
    ]);
    return { profile, quotas: quotas.quotas, coupons: coupons.coupons, customers: subs.customer_infos };
  });
  if (data.error) return html`<${LoadError} error=${data.error} />`;
  if (!data.data) return html`<p>${L('加载中…', 'Loading…')}</p>`;
  if (!data.data.profile.government_cloud)
    return html`<${Section} title=${L('提货券', 'Pickup coupons')}>
      <p>${L('提货券仅面向政企云伙伴。', 'Pickup coupons are for government-cloud partners only.')}</p>
      <${Button} kind="secondary" onClick=${() => s.act(L('设为政企云伙伴', 'Make government-cloud partner'), () => s.ctl.setPartnerProfile({ partner_id, government_cloud: true }))}>
        ${L('模拟：设为政企云伙伴', 'Mock: make this a government-cloud partner')}
      <//>
    <//>`;
  const { quotas = [], coupons = [], customers = [] } = data.data;
  return html`
    <${Section} title=${L('提货券额度', 'Pickup-coupon quotas')}>
      <${Table}
        testId="pickup-quotas"
        caption=${L('额度', 'Quotas')}
        rows=${quotas}
        rowKey=${(q: { quota_id: string }) => q.quota_id}
        columns=${[
          { head: L('额度 ID', 'Quota ID'), cell: (q: { quota_id: string }) => html`<code>${q.quota_id}</code>` },
          { head: L('额度', 'Value'), num: true, cell: (q: { quota_value: number }) => money(q.quota_value) },
          { head: L('余额', 'Balance'), num: true, cell: (q: { balance: number }) => money(q.balance) },
          { head: L('到期时间', 'Expires'), cell: (q: { expire_time: string }) => when(q.expire_time) },
        ]}
      />
      <${Form}
        label=${L('模拟：华为授予提货券额度', 'Mock: Huawei grants a pickup-coupon quota')}
        submit=${L('授予', 'Grant')}
        onSubmit=${async () => {
          const v = parseAmount(form.grant);
          if (v === undefined) return s.notify({ kind: 'error', text: L('金额格式不正确', 'Invalid amount') });
          await s.act(L('授予额度', 'Grant quota'), () => s.ctl.grantPickupCouponQuota({ partner_id, quota_value: v }));
        }}
      >
        <${Field} label=${L('模拟：授予额度 (元)', 'Mock: grant quota (CNY)')} name="grant" value=${form.grant} inputMode="decimal" onInput=${(v: string) => setForm({ ...form, grant: v })} />
      <//>
    <//>
    <${Section} title=${L('发放提货券', 'Issue pickup coupons')}>
      <${Form}
        label=${L('发放提货券', 'Issue pickup coupons')}
        submit=${L('发放', 'Issue')}
        onSubmit=${async () => {
          const face_value = parseAmount(form.face_value);
          if (face_value === undefined || !form.quota_id || !form.customer_id)
            return s.notify({
              kind: 'error',
              text: L('请选择额度、客户并填写面额', 'Choose a quota and a customer, and enter the face value'),
            });
          const r = await s.gated(L('发放提货券', 'Issue pickup coupons'), (verification_code) =>
            s.ctl.issuePickupCoupons({
              partner_id,
              quota_id: form.quota_id,
              customer_ids: [form.customer_id],
              face_value,
              ...(verification_code ? { verification_code } : {}),
            }),
          );
          const refused = r?.error_details[0];
          if (refused) s.notify({ kind: 'error', text: `${refused.id}: ${refused.error_code} ${refused.error_msg}` });
        }}
      >
        <${Field}
          label=${L('额度', 'Quota')}
          name="pickup_quota"
          value=${form.quota_id}
          onInput=${(v: string) => setForm({ ...form, quota_id: v })}
          options=${[['', L('请选择', 'Choose…')], ...quotas.map((q) => [q.quota_id, `${q.quota_id} · ${money(q.balance)}`])]}
        />
        <${Field}
          label=${L('客户（代售）', 'Customer (reseller model)')}
          name="pickup_customer"
          value=${form.customer_id}
          onInput=${(v: string) => setForm({ ...form, customer_id: v })}
          options=${[['', L('请选择', 'Choose…')], ...customers.map((c) => [c.customer_id, c.account_name])]}
        />
        <${Field} label=${L('面额 (元)', 'Face value (CNY)')} name="pickup_face_value" value=${form.face_value} inputMode="decimal" onInput=${(v: string) => setForm({ ...form, face_value: v })} />
      <//>
      <${Table}
        testId="pickup-coupons"
        caption=${L('已发放的提货券', 'Issued pickup coupons')}
        rows=${coupons}
        rowKey=${(c: Pickup) => c.coupon_id}
        columns=${[
          { head: L('券 ID', 'Coupon ID'), cell: (c: Pickup) => html`<code>${c.coupon_id}</code>` },
          { head: L('客户 ID', 'Customer ID'), cell: (c: Pickup) => html`<code>${c.customer_id}</code>` },
          { head: L('面额', 'Face value'), num: true, cell: (c: Pickup) => money(c.face_value) },
          { head: L('余额', 'Balance'), num: true, cell: (c: Pickup) => money(c.balance) },
          {
            head: L('状态', 'Status'),
            cell: (c: Pickup) => `${couponStatus(c.status)}${c.close_reason ? ` (${c.close_reason})` : ''}`,
          },
          {
            head: L('操作', 'Actions'),
            cell: (c: Pickup) =>
              c.status === 2
                ? html`<${Button}
                    kind="secondary"
                    label=${`${L('回收', 'Reclaim')} ${c.coupon_id}`}
                    onClick=${() =>
                      s.gated(L('回收提货券', 'Reclaim pickup coupon'), (verification_code) =>
                        s.ctl.reclaimPickupCoupons({
                          partner_id,
                          coupon_ids: [c.coupon_id],
                          ...(verification_code ? { verification_code } : {}),
                        }),
                      )}
                  >${L('回收', 'Reclaim')}<//>`
                : '',
          },
        ]}
      />
    <//>
    <${Facts} items=${[[L('合同主体', 'Contracting entity'), data.data.profile.contracting_entity]]} />
  `;
}
