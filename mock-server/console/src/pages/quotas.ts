/**
 * 额度 Quotas: the partner's own coupon quotas (ListQuotaCoupons); for a distributor, quotas issued to its resellers
 * (UpdateCouponQuotas, ListIssuedCouponQuotas) and reclaimed from them (ReclaimCouponQuotas). A mock tool grants a
 * quota as Huawei would (GrantCouponQuota).
 */
import type { VNode } from 'preact';
import { useState } from 'preact/hooks';
import { html, L, money, parseAmount, useLoad, useSession, when } from '../core.js';
import { Button, Field, Form, LoadError, Section, Table } from '../ui.js';

type Quota = {
  quota_id: string;
  quota_type: number;
  quota_value: number;
  balance: number;
  quota_status: number;
  expire_time: string;
};
type Issued = Quota & { indirect_partner_id: string; indirect_partner_name: string; parent_quota_id: string };

const quotaTypeName = (t: number) =>
  t === 0 ? L('代金券额度', 'Voucher quota') : L('现金券额度', 'Cash-coupon quota');
const quotaStatusName = (s: number) =>
  ({
    0: L('正常', 'Active'),
    3: L('已冻结', 'Frozen'),
    4: L('已过期', 'Expired'),
    5: L('已作废', 'Void'),
    6: L('已回收', 'Reclaimed'),
  })[s] ?? String(s);

export function QuotasPage(): VNode {
  const s = useSession();
  const partner_id = s.partner.partner_id;
  const isDistributor = s.partner.role === 'distributor';
  const [issue, setIssue] = useState({ quota_id: '', reseller: '', amount: '' });
  const [grant, setGrant] = useState({ type: '0', value: '' });
  const data = useLoad(async () => {
    if (!s.cn) return undefined;
    const own = await s.cn.listQuotaCoupons({ limit: 100 });
    if (!isDistributor) return { own: own.quotas };
    const [issued, resellers] = await Promise.all([
      s.cn.listIssuedCouponQuotas({ limit: 100 }),
      s.cn.listIndirectPartners({ limit: 100 }),
    ]);
    return { own: own.quotas, issued: issued.quotas, resellers: resellers.indirect_partners };
  });
  if (!s.cn)
    return html`<p>${L('国际站伙伴没有券额度的开放接口。', 'International partners have no coupon-quota operations in the API.')}</p>`;
  const columns = [
    { head: L('额度 ID', 'Quota ID'), cell: (q: Quota) => html`<code>${q.quota_id}</code>` },
    { head: L('类型', 'Type'), cell: (q: Quota) => quotaTypeName(q.quota_type) },
    { head: L('额度', 'Value'), num: true, cell: (q: Quota) => money(q.quota_value) },
    { head: L('余额', 'Balance'), num: true, cell: (q: Quota) => money(q.balance) },
    { head: L('状态', 'Status'), cell: (q: Quota) => quotaStatusName(q.quota_status) },
    { head: L('到期时间', 'Expires'), cell: (q: Quota) => when(q.expire_time) },
  ];
  return html`
    <${Section} title=${L('我的额度', 'My quotas')}>
      <${LoadError} error=${data.error} />
      <${Table} testId="own-quotas" caption=${L('华为发放的额度', 'Quotas granted by Huawei')} rows=${data.data?.own} rowKey=${(q: Quota) => q.quota_id} columns=${columns} />
      <${Form}
        label=${L('模拟：华为发放额度', 'Mock: Huawei grants a quota')}
        submit=${L('授予', 'Grant')}
        onSubmit=${async () => {
          const v = parseAmount(grant.value);
          if (v === undefined) return s.notify({ kind: 'error', text: L('金额格式不正确', 'Invalid amount') });
          await s.act(L('授予额度', 'Grant quota'), () =>
            s.ctl.grantCouponQuota({ partner_id, quota_type: Number(grant.type) as 0, quota_value: v }),
          );
        }}
      >
        <${Field}
          label=${L('类型', 'Type')}
          name="grant_type"
          value=${grant.type}
          onInput=${(v: string) => setGrant({ ...grant, type: v })}
          options=${[['0', quotaTypeName(0)], ['1', quotaTypeName(1)]]}
        />
        <${Field} label=${L('模拟：授予额度 (元)', 'Mock: grant (CNY)')} name="grant_value" value=${grant.value} inputMode="decimal" onInput=${(v: string) => setGrant({ ...grant, value: v })} />
      <//>
    <//>
    ${
      isDistributor
        ? html`<${Section} title=${L('向二级经销商发放额度', 'Issue quotas to resellers')}>
            <${Form}
              label=${L('发放额度', 'Issue a quota')}
              submit=${L('发放', 'Issue')}
              onSubmit=${async () => {
                const quota_amount = parseAmount(issue.amount);
                if (quota_amount === undefined || !issue.quota_id || !issue.reseller)
                  return s.notify({
                    kind: 'error',
                    text: L('请选择额度、经销商并填写金额', 'Choose a quota and a reseller, and enter the amount'),
                  });
                const r = await s.act(L('发放额度', 'Issue quota'), () =>
                  s.cn!.updateCouponQuotas({
                    quota_id: issue.quota_id,
                    indirect_partner_ids: [issue.reseller],
                    quota_amount,
                  }),
                );
                const refused = r?.error_details?.[0];
                if (refused)
                  s.notify({ kind: 'error', text: `${refused.id}: ${refused.error_code} ${refused.error_msg}` });
              }}
            >
              <${Field}
                label=${L('额度', 'Quota')}
                name="issue_quota"
                value=${issue.quota_id}
                onInput=${(v: string) => setIssue({ ...issue, quota_id: v })}
                options=${[['', L('请选择', 'Choose…')], ...(data.data?.own ?? []).map((q) => [q.quota_id, `${q.quota_id} · ${money(q.balance)}`])]}
              />
              <${Field}
                label=${L('二级经销商', 'Reseller')}
                name="issue_reseller"
                value=${issue.reseller}
                onInput=${(v: string) => setIssue({ ...issue, reseller: v })}
                options=${[['', L('请选择', 'Choose…')], ...(data.data?.resellers ?? []).map((r) => [r.indirect_partner_id, r.name ?? r.account_name ?? r.indirect_partner_id])]}
              />
              <${Field} label=${L('金额 (元)', 'Amount (CNY)')} name="issue_amount" value=${issue.amount} inputMode="decimal" onInput=${(v: string) => setIssue({ ...issue, amount: v })} />
            <//>
            <${Table}
              testId="issued-quotas"
              caption=${L('已发放给经销商的额度', 'Quotas issued to resellers')}
              rows=${data.data?.issued}
              rowKey=${(q: Issued) => q.quota_id}
              columns=${[
                { head: L('经销商', 'Reseller'), cell: (q: Issued) => q.indirect_partner_name },
                ...columns,
                {
                  head: L('操作', 'Actions'),
                  cell: (q: Issued) =>
                    q.quota_status === 0
                      ? html`<${Button}
                          kind="secondary"
                          label=${`${L('回收', 'Reclaim')} ${q.quota_id}`}
                          onClick=${() => s.act(L('回收额度', 'Reclaim quota'), () => s.cn!.reclaimCouponQuotas({ quota_ids: [q.quota_id] }))}
                        >${L('回收', 'Reclaim')}<//>`
                      : '',
                },
              ]}
            />
          <//>`
        : null
    }
  `;
}
