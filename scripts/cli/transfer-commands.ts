import { createWriteStream, readFileSync } from 'node:fs';
import { CliError } from './cli-error';
import { apiPath, requiredString, stringValue, type Command } from './command';
import { callManageApi } from './call-manage-api';

const BATCH_LINES = 500;
const BATCH_BYTES = 512 * 1024;

/** `directories export <id> [--out file]`: NDJSON of every user, group and membership. */
const exportCommand: Command = {
  group: 'directories',
  action: 'export',
  positionals: ['id'],
  usage: '<id> [--out <file>]',
  summary: 'Write every user, group and membership as NDJSON (to a file or stdout); progress on stderr',
  options: { out: { type: 'string', short: 'o', value: 'file', help: 'write here instead of stdout' } },
  request: ({ args }) => ({ method: 'GET', path: apiPath('directories', args.id!, 'export') }),
  render: () => '',
  run: async ({ args, values }, target, io) => {
    const url = `${target.baseUrl}/api/manage/${apiPath('directories', args.id!, 'export')}`;
    const response = await io.fetch(url, { headers: { 'X-Roster-Admin-Key': target.adminKey } }).catch((e: unknown) => {
      throw CliError.unreachable(`cannot reach ${target.baseUrl}: ${e instanceof Error ? e.message : String(e)}`);
    });
    if (!response.ok || !response.body) {
      const detail = ((await response.json().catch(() => ({}))) as { detail?: string }).detail;
      throw CliError.api(response.status, detail ?? `${url} answered ${response.status}`);
    }
    const out = stringValue(values, 'out');
    const sink = out ? createWriteStream(out) : undefined;
    let lines = 0;
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      const text = Buffer.from(chunk).toString('utf8');
      if (sink) sink.write(text);
      else process.stdout.write(text);
      const before = lines;
      lines += text.split('\n').length - 1;
      if (Math.floor(lines / 1000) > Math.floor(before / 1000)) io.stderr(`exported ${lines} records…`);
    }
    if (sink) await new Promise((r) => sink.end(r));
    io.stderr(`exported ${lines} records${out ? ` to ${out}` : ''}`);
    return 0;
  },
};

/** `directories import <id> --file F`: idempotent; rejected lines are listed by number. */
const importCommand: Command = {
  group: 'directories',
  action: 'import',
  positionals: ['id'],
  usage: '<id> --file <file>',
  summary: 'Load an export into a directory (idempotent, ids kept); rejected lines are listed by number',
  options: { file: { type: 'string', short: 'f', value: 'file', help: 'the NDJSON export to load' } },
  request: ({ args }) => ({ method: 'POST', path: apiPath('directories', args.id!, 'import') }),
  render: () => '',
  run: async ({ args, values }, target, io) => {
    const file = requiredString(values, 'file', 'file');
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      throw CliError.usage(`cannot read ${file}`);
    }
    const lines = text.split('\n');
    if (lines.at(-1) === '') lines.pop();
    const totals: Record<string, number> = {};
    const rejected: { line: number; detail: string }[] = [];
    for (let start = 0; start < lines.length; ) {
      const batch = takeBatch(lines, start);
      const body = (await callManageApi(target, { method: 'POST', path: apiPath('directories', args.id!, 'import'), body: { firstLine: start + 1, lines: batch } }, io.fetch)) as {
        imported: Record<string, number>;
        rejected: { line: number; detail: string }[];
      };
      for (const [k, n] of Object.entries(body.imported)) totals[k] = (totals[k] ?? 0) + n;
      rejected.push(...body.rejected);
      start += batch.length;
      io.stderr(`imported ${start} of ${lines.length} lines…`);
    }
    io.stdout(`Imported: ${Object.entries(totals).map(([k, n]) => `${k} ${n}`).join(', ')}; rejected ${rejected.length} lines.`);
    for (const r of rejected) io.stdout(`  line ${r.line}: ${r.detail}`);
    return rejected.length > 0 ? 1 : 0;
  },
};

function takeBatch(lines: string[], start: number): string[] {
  const batch: string[] = [];
  let bytes = 0;
  for (let i = start; i < lines.length && batch.length < BATCH_LINES; i++) {
    const size = Buffer.byteLength(lines[i]!) + 4;
    if (batch.length > 0 && bytes + size > BATCH_BYTES) break;
    batch.push(lines[i]!);
    bytes += size;
  }
  return batch;
}

export const TRANSFER_COMMANDS: readonly Command[] = [exportCommand, importCommand];
