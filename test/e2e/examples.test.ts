/**
 * The examples run against the mock as part of the test command, so they cannot rot: the quick start in-process
 * against a standalone server, and `pnpm start` (the README's main job) as a real subprocess.
 */
import { createMock } from '@partner-center/mock';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { quickStart } from '../../examples/quick-start.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

describe('examples', () => {
  it('quick start registers a customer over HTTP against the standalone mock', async () => {
    const mock = createMock({ checkInvariants: true });
    const server = await mock.listen({ port: 0 });
    try {
      const sp = [...mock.engine.world.partners.values()].find(
        (p) => p.role === 'solution_provider' && p.site === 'cn',
      )!;
      const lines: string[] = [];
      const id = await quickStart({
        baseUrl: server.url,
        accessKey: sp.accessKey,
        secretKey: sp.secretKey,
        readCode: (mobile) => mock.control.latestCode(mobile),
        wait: async (seconds) => void (await mock.control.advanceClock({ seconds })),
        log: (l) => lines.push(l),
        suffix: 'test1',
      });
      expect(mock.engine.world.customers.get(id)?.accountName).toBe('quickstart-test1');
      expect(lines).toHaveLength(5);
      expect(lines[3]).toContain('CBC.99000039');
      expect(lines[4]).toMatch(/associated on \d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    } finally {
      await server.close();
    }
  });

  it('`pnpm start --exit` starts the mock and runs the quick start against it', async () => {
    const { stdout } = await promisify(execFile)(
      'node',
      ['--conditions=partner-center:source', '--import', 'tsx', 'scripts/demo.ts', '--exit'],
      {
        cwd: root,
        env: { ...process.env, PARTNER_CENTER_MOCK_PORT: '0' },
        timeout: 60_000,
      },
    );
    expect(stdout).toMatch(/partner-center mock listening on http:\/\/127\.0\.0\.1:\d+/);
    expect(stdout).toContain('3. created customer');
    expect(stdout).toMatch(/5\. listed: quickstart-\w+, association type 2, associated on/);
  });
});
