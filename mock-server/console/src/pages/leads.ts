/** 线索管理 Leads: ListLeads, CreateLead, FollowUpLead (跟进, optionally closing), ConvertLead (转客户). */
import type { VNode } from 'preact';
import { useState } from 'preact/hooks';
import type { components } from '../../../src/generated/control/schema.js';
import { html, L, useLoad, useSession, when } from '../core.js';
import { Button, Check, Dialog, Field, Form, LoadError, Section, Table } from '../ui.js';

type Lead = components['schemas']['Lead'];
const statusName = (s: string) =>
  ({
    new: L('新建', 'New'),
    following: L('跟进中', 'Following'),
    converted: L('已转化', 'Converted'),
    closed: L('已关闭', 'Closed'),
  })[s] ?? s;

export function LeadsPage(): VNode {
  const s = useSession();
  const partner_id = s.partner.partner_id;
  const [form, setForm] = useState({ company_name: '', contact_name: '', mobile: '', email: '', remark: '' });
  const [status, setStatus] = useState('');
  const [open, setOpen] = useState<{ lead: Lead; kind: 'follow' | 'convert' } | undefined>();
  const data = useLoad(
    () => s.ctl.listLeads({ partner_id, limit: 100, ...(status ? { status: status as 'new' } : {}) }),
    [status],
  );
  return html`
    <${Section} title=${L('新建线索', 'New lead')}>
      <${Form}
        label=${L('新建线索', 'New lead')}
        submit=${L('创建', 'Create')}
        onSubmit=${async () => {
          const optional = Object.fromEntries(
            Object.entries({ mobile: form.mobile, email: form.email, remark: form.remark }).filter(([, v]) => v),
          );
          const r = await s.act(L('新建线索', 'Create lead'), () =>
            s.ctl.createLead({
              partner_id,
              company_name: form.company_name,
              contact_name: form.contact_name,
              ...optional,
            }),
          );
          if (r) setForm({ company_name: '', contact_name: '', mobile: '', email: '', remark: '' });
        }}
      >
        <${Field} label=${L('公司名称', 'Company')} name="company_name" value=${form.company_name} onInput=${(v: string) => setForm({ ...form, company_name: v })} required />
        <${Field} label=${L('联系人', 'Contact')} name="contact_name" value=${form.contact_name} onInput=${(v: string) => setForm({ ...form, contact_name: v })} required />
        <${Field} label=${L('手机号（如 86-13800000000）', 'Mobile (e.g. 86-13800000000)')} name="mobile" value=${form.mobile} onInput=${(v: string) => setForm({ ...form, mobile: v })} />
        <${Field} label=${L('邮箱', 'E-mail')} name="email" type="email" value=${form.email} onInput=${(v: string) => setForm({ ...form, email: v })} />
        <${Field} label=${L('备注', 'Remark')} name="remark" value=${form.remark} onInput=${(v: string) => setForm({ ...form, remark: v })} />
      <//>
    <//>
    <${Section} title=${L('线索列表', 'Leads')}>
      <${Field}
        label=${L('状态', 'Status')}
        name="lead_status"
        value=${status}
        onInput=${setStatus}
        options=${[['', L('全部', 'All')], ...['new', 'following', 'converted', 'closed'].map((x) => [x, statusName(x)])]}
      />
      <${LoadError} error=${data.error} />
      <${Table}
        testId="leads"
        caption=${`${L('线索', 'Leads')}: ${data.data?.total_count ?? '…'}`}
        rows=${data.data?.leads}
        rowKey=${(l: Lead) => l.lead_id}
        columns=${[
          { head: L('公司名称', 'Company'), cell: (l: Lead) => l.company_name },
          { head: L('联系人', 'Contact'), cell: (l: Lead) => `${l.contact_name} ${l.mobile ?? ''} ${l.email ?? ''}` },
          { head: L('状态', 'Status'), cell: (l: Lead) => statusName(l.status) },
          {
            head: L('跟进', 'Follow-ups'),
            cell: (l: Lead) => l.follow_ups.map((f) => `${when(f.at)} ${f.content}`).join('; '),
          },
          {
            head: L('客户 ID', 'Customer ID'),
            cell: (l: Lead) => (l.customer_id ? html`<code>${l.customer_id}</code>` : ''),
          },
          {
            head: L('操作', 'Actions'),
            cell: (l: Lead) =>
              l.status === 'new' || l.status === 'following'
                ? html`<div class="row-actions">
                    <${Button} kind="secondary" label=${`${L('跟进', 'Follow up')} ${l.company_name}`} onClick=${() => setOpen({ lead: l, kind: 'follow' })}>${L('跟进', 'Follow up')}<//>
                    <${Button} label=${`${L('转客户', 'Convert')} ${l.company_name}`} onClick=${() => setOpen({ lead: l, kind: 'convert' })}>${L('转客户', 'Convert')}<//>
                  </div>`
                : '',
          },
        ]}
      />
    <//>
    ${open ? html`<${LeadDialog} lead=${open.lead} kind=${open.kind} close=${() => setOpen(undefined)} />` : null}
  `;
}

function LeadDialog(props: { lead: Lead; kind: 'follow' | 'convert'; close: () => void }): VNode {
  const s = useSession();
  const { lead, kind, close } = props;
  const partner_id = s.partner.partner_id;
  const [content, setContent] = useState('');
  const [closeLead, setCloseLead] = useState(false);
  const [xaccount, setXaccount] = useState('');
  const [xaccountType, setXaccountType] = useState('partner_IDP');
  const done = (r: unknown) => r !== undefined && close();
  return html`<${Dialog} title=${`${kind === 'follow' ? L('跟进', 'Follow up') : L('转客户', 'Convert')}: ${lead.company_name}`} onClose=${close}>
    ${
      kind === 'follow'
        ? html`<${Form}
            label=${L('跟进', 'Follow up')}
            submit=${L('保存', 'Save')}
            onSubmit=${async () => done(await s.act(L('跟进', 'Follow up'), () => s.ctl.followUpLead({ partner_id, lead_id: lead.lead_id, content, close: closeLead })))}
          >
            <${Field} label=${L('跟进内容', 'What happened')} name="content" value=${content} onInput=${setContent} required />
            <${Check} label=${L('关闭线索', 'Close the lead')} name="close" checked=${closeLead} onChange=${setCloseLead} />
          <//>`
        : html`<${Form}
            label=${L('转客户', 'Convert')}
            submit=${L('转客户', 'Convert')}
            onSubmit=${async () =>
              done(
                await s.act(L('转客户', 'Convert'), () =>
                  s.ctl.convertLead({
                    partner_id,
                    lead_id: lead.lead_id,
                    xaccount_id: xaccount,
                    xaccount_type: xaccountType,
                  }),
                ),
              )}
          >
            <p>${L('按 CreateSubCustomer 的规则创建客户账号并关联。', 'Creates the customer account and its association as CreateSubCustomer does.')}</p>
            <${Field} label=${L('客户在伙伴系统中的 ID (xaccount_id)', 'Customer id in your system (xaccount_id)')} name="xaccount_id" value=${xaccount} onInput=${setXaccount} required />
            <${Field} label=${L('华为分配的平台标识 (xaccount_type)', 'Platform id Huawei assigned (xaccount_type)')} name="xaccount_type" value=${xaccountType} onInput=${setXaccountType} required />
          <//>`
    }
  <//>`;
}
