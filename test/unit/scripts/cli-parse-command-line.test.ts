import { describe, expect, it } from 'vitest';
import { CliError } from '../../../scripts/cli/cli-error';
import { parseCommandLine, type CommandLine } from '../../../scripts/cli/parse-command-line';
import { COMMANDS } from '../../../scripts/cli/run-cli';

const parse = (line: string): CommandLine => parseCommandLine(line.split(' ').filter(Boolean), COMMANDS);

function run(line: string) {
  const parsed = parse(line);
  if (parsed.kind !== 'run') throw new Error(`expected a command, got help for ${parsed.topic}`);
  return parsed;
}

function usage(line: string): string {
  try {
    parse(line);
  } catch (e) {
    expect(e).toBeInstanceOf(CliError);
    expect((e as CliError).code).toBe('usage');
    return (e as CliError).message;
  }
  throw new Error(`"${line}" parsed`);
}

describe('parseCommandLine', () => {
  it('finds the command, its positionals and its options', () => {
    const parsed = run('directories create acme --name Acme --rate 5 --burst 10');
    expect(`${parsed.command.group} ${parsed.command.action}`).toBe('directories create');
    expect(parsed.args).toEqual({ id: 'acme' });
    expect(parsed.values).toMatchObject({ name: 'Acme', rate: '5', burst: '10' });
    expect(parsed.global).toEqual({ url: undefined, adminKey: undefined, json: false });
  });

  it('takes the global options anywhere, before or after the command', () => {
    const parsed = run('--url https://app.example --json keys revoke -d acme k1 --admin-key s3cret');
    expect(parsed.args).toEqual({ keyId: 'k1' });
    expect(parsed.values.directory).toBe('acme');
    expect(parsed.global).toEqual({ url: 'https://app.example', adminKey: 's3cret', json: true });
  });

  it('reads --option=value', () => {
    expect(run('keys create --directory=acme --name=Entra').values).toMatchObject({ directory: 'acme', name: 'Entra' });
  });

  it.each([
    ['', undefined],
    ['help', undefined],
    ['--help', undefined],
    ['-h', undefined],
    ['help keys', 'keys'],
    ['keys --help', 'keys'],
    ['help keys create', 'keys create'],
    ['keys create --help', 'keys create'],
    ['directories delete acme -h', 'directories delete'],
  ])('"%s" asks for help on %s', (line, topic) => {
    expect(parse(line)).toEqual({ kind: 'help', topic });
  });

  it.each([
    ['widgets list', 'unknown command "widgets"; the commands are directories, keys, journal, reconcile (see roster help)'],
    ['directories', 'directories needs a command: create, list, show, update, delete, export, import (see roster help directories)'],
    ['keys remove', 'unknown command "keys remove"; keys has create, list, revoke, rotate'],
    ['directories show', 'directories show needs <id>: roster directories show <id>'],
    ['keys revoke --directory acme', 'keys revoke needs <keyId>: roster keys revoke --directory <id> <key id>'],
    ['directories list extra', 'unexpected argument "extra" for directories list'],
    ['directories list --force', 'unknown option --force for roster directories list (see roster directories list --help)'],
    ['keys create --directory acme --name', '--name needs a value (one starting with "-" is written --name=<value>)'],
    ['keys list --json=yes --directory acme', '--json takes no value'],
    ['help widgets', 'no help for "widgets"; the commands are directories, keys, journal, reconcile'],
  ])('refuses "%s"', (line, message) => {
    expect(usage(line)).toBe(message);
  });
});

describe('export and import shortcuts', () => {
  it('reads `export --directory D` as `directories export D`', () => {
    const line = parse('export --directory contoso --out dump.ndjson');
    expect(line).toMatchObject({ kind: 'run', command: { group: 'directories', action: 'export' }, args: { id: 'contoso' }, values: { out: 'dump.ndjson' } });
    expect(parse('--json export --directory=contoso')).toMatchObject({ kind: 'run', args: { id: 'contoso' }, global: { json: true } });
  });

  it('reads `import --directory D --file F` as `directories import D --file F`', () => {
    expect(parse('import --file a.ndjson -d contoso')).toMatchObject({ kind: 'run', command: { action: 'import' }, args: { id: 'contoso' }, values: { file: 'a.ndjson' } });
  });

  it('says what is missing', () => {
    expect(() => parse('export --out x')).toThrow(/export needs --directory <id>/);
    expect(() => parse('import --directory --file x')).toThrow(/--directory needs a value/);
  });
});
