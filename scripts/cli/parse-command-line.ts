import { parseArgs } from 'node:util';
import { CliError } from './cli-error';
import { stringValue, type Command, type OptionSpec, type OptionValues } from './command';

/** Options every command takes, anywhere on the line. */
export const GLOBAL_OPTIONS: Record<string, OptionSpec> = {
  url: { type: 'string', value: 'base url', help: 'the deployment, e.g. https://<app>.azurewebsites.net (default http://localhost:$ROSTER_PORT, port 7071)' },
  'admin-key': { type: 'string', value: 'key', help: "the admin key (default $ROSTER_ADMIN_KEY, else the local instance's .roster/admin-key)" },
  json: { type: 'boolean', help: "print the API's JSON answer instead of a table" },
  help: { type: 'boolean', short: 'h', help: 'show help' },
};

export interface GlobalOptions {
  url?: string;
  adminKey?: string;
  json: boolean;
}

export type CommandLine =
  | { kind: 'help'; topic?: string }
  | { kind: 'run'; command: Command; args: Record<string, string>; values: OptionValues; global: GlobalOptions };

/**
 * `<group> <action> [positionals] [options]`, options anywhere. A first, lenient pass over every
 * option any command knows finds the command words; a second, strict pass with just that
 * command's options and the global ones rejects anything else.
 */
export function parseCommandLine(input: readonly string[], commands: readonly Command[]): CommandLine {
  const argv = expandShortcuts(input);
  const everyOption = Object.assign({}, GLOBAL_OPTIONS, ...commands.map((c) => c.options)) as Record<string, OptionSpec>;
  const loose = parseArgs({ args: [...argv], options: toParseArgs(everyOption), strict: false, allowPositionals: true });
  const [group, action] = loose.positionals;
  const wantsHelp = loose.values.help === true;
  if (group === undefined) return { kind: 'help' };
  if (group === 'help') return { kind: 'help', topic: helpTopic(loose.positionals.slice(1), commands) };
  const inGroup = commands.filter((c) => c.group === group);
  if (inGroup.length === 0) throw CliError.usage(`unknown command "${group}"; the commands are ${groups(commands).join(', ')} (see roster help)`);
  if (action === undefined) {
    if (wantsHelp) return { kind: 'help', topic: group };
    throw CliError.usage(`${group} needs a command: ${inGroup.map((c) => c.action).join(', ')} (see roster help ${group})`);
  }
  const command = inGroup.find((c) => c.action === action);
  if (!command) throw CliError.usage(`unknown command "${group} ${action}"; ${group} has ${inGroup.map((c) => c.action).join(', ')}`);
  if (wantsHelp) return { kind: 'help', topic: `${group} ${action}` };
  const strict = parseStrict(argv, command);
  const values = strict.values as OptionValues;
  return {
    kind: 'run',
    command,
    args: positionalArgs(command, strict.positionals.slice(2)),
    values,
    global: { url: stringValue(values, 'url'), adminKey: stringValue(values, 'admin-key'), json: values.json === true },
  };
}

function parseStrict(argv: readonly string[], command: Command) {
  try {
    return parseArgs({ args: [...argv], options: toParseArgs({ ...GLOBAL_OPTIONS, ...command.options }), strict: true, allowPositionals: true });
  } catch (e) {
    const error = e as Error & { code?: string };
    const name = `roster ${command.group} ${command.action}`;
    if (error.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      const option = /'([^']+)'/.exec(error.message)?.[1] ?? 'option';
      throw CliError.usage(`unknown option ${option} for ${name} (see ${name} --help)`);
    }
    const option = /'(-[^' ]+)/.exec(error.message)?.[1];
    if (option && /argument missing|ambiguous/.test(error.message)) throw CliError.usage(`${option} needs a value (one starting with "-" is written ${option}=<value>)`);
    if (option && /does not take an argument/.test(error.message)) throw CliError.usage(`${option} takes no value`);
    // node:util's messages run to several sentences; the first says what is wrong.
    throw CliError.usage(`${error.message.split(/\.\s/)[0]!.replace(/\.$/, '')} (see ${name} --help)`);
  }
}

function positionalArgs(command: Command, given: string[]): Record<string, string> {
  const name = `${command.group} ${command.action}`;
  if (given.length > command.positionals.length) throw CliError.usage(`unexpected argument "${given[command.positionals.length]}" for ${name}`);
  const missing = command.positionals[given.length];
  if (missing !== undefined) throw CliError.usage(`${name} needs <${missing}>: roster ${name} ${command.usage}`);
  return Object.fromEntries(command.positionals.map((p, i) => [p, given[i]!]));
}

function helpTopic(words: string[], commands: readonly Command[]): string | undefined {
  if (words.length === 0) return undefined;
  const topic = words.slice(0, 2).join(' ');
  const known = commands.some((c) => c.group === topic || `${c.group} ${c.action}` === topic);
  if (!known) throw CliError.usage(`no help for "${topic}"; the commands are ${groups(commands).join(', ')}`);
  return topic;
}

function groups(commands: readonly Command[]): string[] {
  return [...new Set(commands.map((c) => c.group))];
}

function toParseArgs(options: Record<string, OptionSpec>): Record<string, { type: 'string' | 'boolean'; short?: string }> {
  return Object.fromEntries(Object.entries(options).map(([name, o]) => [name, o.short ? { type: o.type, short: o.short } : { type: o.type }]));
}

/**
 * `export --directory D` and `import --directory D --file F` (the issue's spelling) are
 * `directories export D` and `directories import D --file F`.
 */
export function expandShortcuts(argv: readonly string[]): readonly string[] {
  const first = argv.findIndex((a) => !a.startsWith('-'));
  const word = argv[first];
  if (word !== 'export' && word !== 'import') return argv;
  const rest = [...argv.slice(0, first), ...argv.slice(first + 1)];
  const at = rest.findIndex((a) => a === '--directory' || a === '-d' || a.startsWith('--directory='));
  if (at < 0) throw CliError.usage(`${word} needs --directory <id>: roster ${word} --directory <id> ${word === 'export' ? '[--out <file>]' : '--file <file>'}`);
  const inline = rest[at]!.startsWith('--directory=');
  const id = inline ? rest[at]!.slice('--directory='.length) : rest[at + 1];
  if (!id || id.startsWith('-')) throw CliError.usage('--directory needs a value');
  rest.splice(at, inline ? 1 : 2);
  return ['directories', word, id, ...rest];
}
