/**
 * `partner-center-mock parity <recording>`: replays a recording against a fresh tenant of this mock (in-process), of a
 * running mock (`--against <url>`, another version for instance), or compares it with another recording
 * (`--compare <file>`); prints the report as text (or markdown), writes the markdown to a file if asked, and exits 1
 * when more exchanges differ than `--threshold` allows, for CI.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import {
  compareRecordings,
  formatMarkdown,
  formatText,
  parseRecording,
  runParity,
  summarize,
  type KnownDifference,
  type ParityResult,
} from '../app/parity/index.js';
import { createEngine } from '../engine.js';

/** The subcommand's help. */
export const PARITY_HELP = `Usage: partner-center-mock parity <recording.ndjson> [options]

Replays a recording made with the SDK's createRecorder against a fresh tenant of the mock and reports, per
operation, where the answers differ (status, error_code, fields present, types, enum values, counts, amounts).

Options:
  --against <url>       replay against a running mock (another version) instead of this one, in-process
  --compare <file>      compare with another recording instead of replaying (no mock involved)
  --known <file>        JSON array of known differences not counted: [{"operation","kind","path"?,"reason"?}]
  --threshold <n>       differing exchanges tolerated before exiting 1 (default 0)
  --format <fmt>        text (default) or markdown on stdout
  --markdown <file>     also write the markdown report to <file> (a CI job summary)
  --no-seed             do not seed the tenant from the recording's first reads
  -h, --help            this text

Exit status: 0 within the threshold, 1 above it, 2 on a usage error or an unreadable recording.`;

const readText = (file: string, what: string): string => {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(`${what}: ${(e as Error).message}`);
  }
};

class UsageError extends Error {}

function parseKnown(file: string | undefined): KnownDifference[] {
  if (!file) return [];
  const list = JSON.parse(readText(file, '--known'));
  if (!Array.isArray(list) || list.some((k) => typeof k?.operation !== 'string' || typeof k?.kind !== 'string'))
    throw new UsageError('--known must be a JSON array of {operation, kind[, path, reason]}');
  return list;
}

/** Runs the subcommand on its arguments (after `parity`); resolves to the exit status. */
export async function runParityCli(
  argv: string[],
  print: (text: string) => void = (t) => process.stdout.write(t),
): Promise<number> {
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        against: { type: 'string' },
        compare: { type: 'string' },
        known: { type: 'string' },
        threshold: { type: 'string' },
        format: { type: 'string' },
        markdown: { type: 'string' },
        'no-seed': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
    if (values.help) {
      print(`${PARITY_HELP}\n`);
      return 0;
    }
    if (positionals.length !== 1) throw new UsageError('give exactly one recording');
    const threshold = Number(values.threshold ?? '0');
    if (!/^\d+$/.test(values.threshold ?? '0')) throw new UsageError(`invalid --threshold ${values.threshold}`);
    const format = values.format ?? 'text';
    if (format !== 'text' && format !== 'markdown') throw new UsageError(`invalid --format ${format}`);
    const known = parseKnown(values.known);
    const recording = parseRecording(readText(positionals[0]!, 'recording'));
    let result: ParityResult;
    if (values.compare) result = compareRecordings(recording, readText(values.compare, '--compare'));
    else if (values.against) {
      result = await runParity({ recording, target: { baseUrl: values.against }, seed: !values['no-seed'] });
    } else {
      const engine = createEngine({});
      const target = { baseUrl: 'http://parity.local', fetch: (r: Request) => engine.handle(r) };
      result = await runParity({ recording, target, seed: !values['no-seed'] });
    }
    const summary = summarize(result, known);
    print(format === 'markdown' ? formatMarkdown(summary) : formatText(summary));
    if (values.markdown) writeFileSync(values.markdown, formatMarkdown(summary));
    return summary.differing > threshold ? 1 : 0;
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    process.stderr.write(`partner-center-mock parity: ${message}\n`);
    return 2;
  }
}
