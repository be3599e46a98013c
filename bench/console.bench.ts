/**
 * The web console's size: what a browser downloads from `/_mock/console/` (index.html, app.js, app.css), built as the
 * package build builds it (esbuild, minified), each file gzipped at level 9; and what the script is made of, from
 * esbuild's metafile (minified bytes per source group; gzip does not split by source). Target: under 100 KB gzip.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildConsole, consoleSize } from '../mock-server/console/build.js';

export const title = 'Web console';

const GROUPS: [string, RegExp][] = [
  ['the console (shell, pages, building blocks)', /mock-server\/console\//],
  ['the SDK, both sites (client, validators, IAM token)', /packages\/sdk\//],
  ['zod/mini (the SDK validators and the control client)', /node_modules\/.*zod\//],
  ['the control client and its generated operation table', /mock-server\/src\//],
  ['openapi-fetch', /openapi-fetch/],
  ['preact and its hooks', /preact\//],
  ['htm', /htm\//],
];

export async function run(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'console-bench-'));
  try {
    const { metafile } = await buildConsole({ outdir: dir });
    const size = consoleSize(dir);
    const kb = (n: number) => `${(n / 1024).toFixed(2)} KB`;
    const byGroup = new Map<string, number>();
    const output = Object.values(metafile!.outputs)[0]!;
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      const group = GROUPS.find(([, re]) => re.test(input))?.[0] ?? 'other';
      byGroup.set(group, (byGroup.get(group) ?? 0) + bytesInOutput);
    }
    const files = size.files.map((f) => `| \`${f.name}\` | ${kb(f.bytes)} | ${kb(f.gzip)} |`).join('\n');
    const groups = [...byGroup.entries()]
      .sort((a, b) => b[1] - a[1])
      .map(([g, n]) => `| ${g} | ${kb(n)} |`)
      .join('\n');
    return `What a browser downloads from \`/_mock/console/\`, as \`pnpm build\` builds it (mock-server/console/build.ts:
esbuild, minified, ES2022), each file gzipped at level 9. Nothing else is fetched: no CDN, no web font, no image.

| File | min | min+gz |
| --- | ---: | ---: |
${files}
| **total** | ${kb(size.bytes)} | **${kb(size.gzip)}** |

Target under 100 KB gzip: ${size.gzip < 100 * 1024 ? 'met' : 'missed'}.

What \`app.js\` is made of (minified bytes each source group contributes, from esbuild's metafile; gzip does not split
by source):

| Source | min |
| --- | ---: |
${groups}

The console calls the real API through the SDK (each site's entry point, with its field validators) and the control
surface through the mock's typed control client, so it carries their validators rather than rules of its own.`;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
