/**
 * The documented CI recipe for other languages, run for real: examples/ci/run-python-example.sh starts the
 * standalone mock, waits for it, and runs a Python script (standard library only) that signs SDK-HMAC-SHA256
 * itself, creates its own tenant, seeds, calls the real paths, reads the journal, resets and deletes the tenant.
 */
import { execFile, execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const python = (() => {
  try {
    return execFileSync('python3', ['--version'], { encoding: 'utf8' }).trim();
  } catch {
    return undefined;
  }
})();

describe('the mock from another language', () => {
  it.skipIf(!python)(
    `a Python CI job (${python ?? 'python3 not installed'}) runs against the standalone mock`,
    async () => {
      const { stdout } = await promisify(execFile)('bash', ['examples/ci/run-python-example.sh'], {
        cwd: root,
        timeout: 60_000,
      });
      expect(stdout).toMatch(/mock at http:\/\/127\.0\.0\.1:\d+/);
      expect(stdout).not.toContain('FAIL');
      expect(stdout.match(/^ok: /gm)).toHaveLength(11);
      expect(stdout).toContain('python example: all steps passed');
    },
    90_000,
  );

  it.skipIf(!python)(
    'the same job against a mock that requires tokens: the admin token creates its tenant, its control token the rest',
    async () => {
      const { stdout } = await promisify(execFile)('bash', ['examples/ci/run-python-example.sh'], {
        cwd: root,
        timeout: 60_000,
        env: { ...process.env, PARTNER_CENTER_MOCK_ADMIN_TOKEN: 'python-example-admin-token' },
      });
      expect(stdout).not.toContain('FAIL');
      expect(stdout).toContain("ok: the tenant's control token reaches its own tenant");
      expect(stdout).toContain('ok: and no other tenant (403 MOCK.FORBIDDEN)');
      expect(stdout).toContain('python example: all steps passed');
    },
    90_000,
  );
});
