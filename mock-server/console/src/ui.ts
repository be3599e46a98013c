/** Small building blocks: tables, labelled fields, dialogs, buttons. Native elements, so keyboards and readers work. */
import type { ComponentChildren, VNode } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { html, L } from './core.js';

export interface Column<T> {
  head: string;
  cell: (row: T) => ComponentChildren;
  /** A numeric column (right-aligned). */
  num?: boolean;
}

/** A data table with a caption; an empty table says so. */
export function Table<T>(props: {
  caption: string;
  columns: Column<T>[];
  rows: T[] | undefined;
  rowKey: (row: T) => string;
  testId?: string;
}): VNode {
  const { caption, columns, rows, rowKey } = props;
  return html`<div class="table-wrap">
    <table data-testid=${props.testId}>
      <caption>${caption}</caption>
      <thead>
        <tr>${columns.map((c) => html`<th scope="col" class=${c.num ? 'num' : ''}>${c.head}</th>`)}</tr>
      </thead>
      <tbody>
        ${
          rows && rows.length > 0
            ? rows.map(
                (r) =>
                  html`<tr key=${rowKey(r)} data-key=${rowKey(r)}>
                    ${columns.map((c) => html`<td class=${c.num ? 'num' : ''}>${c.cell(r)}</td>`)}
                  </tr>`,
              )
            : html`<tr><td colspan=${columns.length} class="empty">${rows ? L('暂无数据', 'No data') : L('加载中…', 'Loading…')}</td></tr>`
        }
      </tbody>
    </table>
  </div>`;
}

/** A labelled input; `options` makes it a select. */
export function Field(props: {
  label: string;
  name: string;
  value: string;
  onInput: (value: string) => void;
  type?: string;
  options?: [string, string][];
  required?: boolean;
  placeholder?: string;
  inputMode?: string;
}): VNode {
  const { label, name, value, onInput, options } = props;
  const id = `f-${name}`;
  const control = options
    ? html`<select id=${id} name=${name} value=${value} onChange=${(e: Event) => onInput((e.target as HTMLSelectElement).value)}>
        ${options.map(([v, text]) => html`<option value=${v} selected=${v === value}>${text}</option>`)}
      </select>`
    : html`<input
        id=${id}
        name=${name}
        type=${props.type ?? 'text'}
        value=${value}
        required=${props.required}
        placeholder=${props.placeholder}
        inputmode=${props.inputMode}
        onInput=${(e: Event) => onInput((e.target as HTMLInputElement).value)}
      />`;
  return html`<div class="field"><label for=${id}>${label}</label>${control}</div>`;
}

/** A labelled checkbox. */
export function Check(props: { label: string; name: string; checked: boolean; onChange: (v: boolean) => void }): VNode {
  const id = `c-${props.name}`;
  return html`<div class="check">
    <input
      type="checkbox"
      id=${id}
      name=${props.name}
      checked=${props.checked}
      onChange=${(e: Event) => props.onChange((e.target as HTMLInputElement).checked)}
    />
    <label for=${id}>${props.label}</label>
  </div>`;
}

/** A form with its submit button; Enter submits. `busy` disables the button while the action runs. */
export function Form(props: {
  label: string;
  submit: string;
  onSubmit: () => unknown;
  children: ComponentChildren;
  testId?: string;
}): VNode {
  const [busy, setBusy] = useState(false);
  return html`<form
    class="form"
    aria-label=${props.label}
    data-testid=${props.testId}
    onSubmit=${async (e: Event) => {
      e.preventDefault();
      setBusy(true);
      try {
        await props.onSubmit();
      } finally {
        setBusy(false);
      }
    }}
  >
    ${props.children}
    <button type="submit" disabled=${busy}>${props.submit}</button>
  </form>`;
}

/** A modal dialog (native `<dialog>`: focus stays inside, Escape closes it). */
export function Dialog(props: {
  title: string;
  onClose: () => void;
  children: ComponentChildren;
  testId?: string;
}): VNode {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
    return () => d?.close();
  }, []);
  return html`<dialog ref=${ref} aria-label=${props.title} data-testid=${props.testId} onClose=${props.onClose}>
    <h2>${props.title}</h2>
    ${props.children}
    <p class="dialog-actions"><button type="button" class="secondary" onClick=${props.onClose}>${L('关闭', 'Close')}</button></p>
  </dialog>`;
}

/** A button that runs an action. */
export const Button = (props: {
  onClick: () => unknown;
  children: ComponentChildren;
  kind?: 'secondary' | 'danger';
  label?: string;
  disabled?: boolean;
}): VNode =>
  html`<button type="button" class=${props.kind ?? ''} aria-label=${props.label} disabled=${props.disabled} onClick=${props.onClick}>
    ${props.children}
  </button>`;

/** A section of a page with its heading. */
export const Section = (props: { title: string; children: ComponentChildren; actions?: ComponentChildren }): VNode =>
  html`<section aria-label=${props.title}>
    <header class="section-head"><h2>${props.title}</h2>${props.actions}</header>
    ${props.children}
  </section>`;

/** A load error, shown where the data would be. */
export const LoadError = (props: { error: string | undefined }): VNode | null =>
  props.error ? html`<p class="error" role="alert">${props.error}</p>` : null;

/** Key-value facts. */
export const Facts = (props: { items: [string, ComponentChildren][]; testId?: string }): VNode =>
  html`<dl class="facts" data-testid=${props.testId}>
    ${props.items.map(([k, v]) => html`<div><dt>${k}</dt><dd>${v}</dd></div>`)}
  </dl>`;

/** JSON, pretty-printed. */
export const Json = (props: { value: unknown }): VNode =>
  html`<pre class="json">${JSON.stringify(props.value, null, 2)}</pre>`;
