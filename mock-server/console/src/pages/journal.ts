/**
 * 请求日志 Request journal: what real-API calls the tenant's mock answered (ListRequests), with request and response
 * bodies, filtered by operation and status, and new calls appended live from `GET /_mock/requests/stream`
 * (server-sent events, read through fetch so the control headers go with it).
 */
import type { VNode } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { components } from '../../../src/generated/control/schema.js';
import { controlHeaders, html, L, useSession, when } from '../core.js';
import { Field, Json, LoadError, Section } from '../ui.js';

type Entry = components['schemas']['RequestRecord'];
/** Entries kept in the page, entries read back on (re)connecting, pause before following again. */
const KEEP = 500;
const BACKLOG = 100;
const RECONNECT_MS = 2_000;

/**
 * Reads a server-sent-event stream, calling `onOpen` once the server answered (it follows the journal from then on)
 * and `onEvent` with each event's data, until the stream ends or `signal` aborts.
 */
async function follow(
  url: string,
  headers: Record<string, string>,
  signal: AbortSignal,
  onOpen: () => void,
  onEvent: (data: string) => void,
) {
  const res = await fetch(url, { headers: { ...headers, accept: 'text/event-stream' }, signal });
  if (!res.ok || !res.body) throw new Error(`${res.status} ${await res.text()}`);
  onOpen();
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value;
    let end = buffer.indexOf('\n\n');
    while (end >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const data = block
        .split('\n')
        .filter((l) => l.startsWith('data: '))
        .map((l) => l.slice(6))
        .join('\n');
      if (data) onEvent(data);
      end = buffer.indexOf('\n\n');
    }
  }
}

const statusClass = (e: Entry) =>
  e.status === 0 ? 'fault' : e.status < 300 ? 'ok' : e.status < 500 ? 'client' : 'server';

export function JournalPage(): VNode {
  const s = useSession();
  const [entries, setEntries] = useState<Entry[]>([]);
  const [live, setLive] = useState<'connecting' | 'live' | 'closed'>('connecting');
  const [error, setError] = useState<string | undefined>();
  const [operation, setOperation] = useState('');
  const [status, setStatus] = useState('');

  useEffect(() => {
    const abort = new AbortController();
    const seen = new Set<number>();
    const add = (list: Entry[]) =>
      setEntries((old) => {
        const fresh = list.filter((e) => !seen.has(e.seq));
        for (const e of fresh) seen.add(e.seq);
        return fresh.length ? [...old, ...fresh].sort((a, b) => a.seq - b.seq).slice(-KEEP) : old;
      });
    setEntries([]);
    // The newest page of the backlog: ListRequests lists oldest first, so it is read from the end.
    const backlog = async () => {
      const { total_count } = await s.ctl.listRequests({ limit: 1 });
      const page = await s.ctl.listRequests({ offset: Math.max(0, total_count - BACKLOG), limit: BACKLOG });
      add(page.requests as Entry[]);
    };
    // Follow first and read the backlog once the stream is open: nothing falls between the two (duplicates are dropped
    // by seq). A dropped stream (the mock restarted, a proxy timed out) is followed again after a pause, the backlog
    // read again.
    const run = async () => {
      while (!abort.signal.aborted) {
        let opened = () => {};
        const open = new Promise<void>((resolve) => {
          opened = resolve;
        });
        const following = follow('/_mock/requests/stream', controlHeaders(s.tenant), abort.signal, opened, (data) =>
          add([JSON.parse(data) as Entry]),
        );
        try {
          await Promise.race([open, following]);
          await backlog();
          setLive('live');
          setError(undefined);
          await following;
        } catch (e) {
          if (abort.signal.aborted) return;
          setError((e as Error).message);
        }
        setLive('closed');
        await new Promise((r) => setTimeout(r, RECONNECT_MS));
      }
    };
    void run();
    return () => abort.abort();
  }, [s.tenant]);

  const operations = [...new Set(entries.map((e) => e.operation))].sort();
  const shown = entries
    .filter((e) => (!operation || e.operation === operation) && (!status || statusClass(e) === status))
    .reverse();
  return html`<${Section} title=${L('请求日志', 'Request journal')}>
    <p>
      <span class=${`live ${live}`} data-testid="journal-live">${live === 'live' ? L('● 实时', '● live') : live === 'connecting' ? L('连接中…', 'connecting…') : L('已断开', 'disconnected')}</span>
      · ${L('共', 'total')} ${entries.length}
    </p>
    <${LoadError} error=${error} />
    <div class="filters">
      <${Field}
        label=${L('操作', 'Operation')}
        name="journal_operation"
        value=${operation}
        onInput=${setOperation}
        options=${[['', L('全部', 'All')], ...operations.map((o) => [o, o])]}
      />
      <${Field}
        label=${L('状态', 'Status')}
        name="journal_status"
        value=${status}
        onInput=${setStatus}
        options=${[['', L('全部', 'All')], ['ok', '2xx'], ['client', '4xx'], ['server', '5xx'], ['fault', L('连接中断', 'connection dropped')]]}
      />
    </div>
    <ol class="journal" data-testid="journal" reversed>
      ${shown.map(
        (e) => html`<li key=${e.seq} data-seq=${e.seq} data-operation=${e.operation}>
          <details>
            <summary>
              <span class=${`status ${statusClass(e)}`}>${e.status || L('断开', 'dropped')}</span>
              <strong>${e.operation}</strong> <code>${e.method} ${e.path}</code>
              ${e.error_code ? html`<span class="code">${e.error_code}</span>` : null}
              ${e.fault ? html`<span class="code">${L('故障', 'fault')}: ${e.fault}</span>` : null}
              <time datetime=${e.at}>${when(e.at)}</time>
            </summary>
            <div class="grid">
              <div><h3>${L('请求', 'Request')}</h3><${Json} value=${e.request} /></div>
              <div><h3>${L('响应', 'Response')}</h3><${Json} value=${e.response} /></div>
            </div>
            ${e.request_issues?.length ? html`<h3>${L('字段问题', 'Field issues')}</h3><${Json} value=${e.request_issues} />` : null}
            ${e.response_issues?.length ? html`<h3>${L('响应偏离规范', 'Response drift')}</h3><${Json} value=${e.response_issues} />` : null}
            <p>${L('伙伴', 'Partner')} <code>${e.partner_id}</code>${e.customer_id ? html` · ${L('客户', 'customer')} <code>${e.customer_id}</code>` : null} · ${e.duration_ms} ms</p>
          </details>
        </li>`,
      )}
    </ol>
  <//>`;
}
