import type { Command, OptionSpec } from './command';
import { GLOBAL_OPTIONS } from './parse-command-line';
import { formatFields } from './text-table';

const FOOTER = [
  'Exit status: 0 done; 1 the API refused, could not be reached, or no admin key was found; 2 bad usage.',
  'Prefer ROSTER_ADMIN_KEY to --admin-key: other users of the machine can see command lines.',
];

/** `roster help [topic]`: every command, one group's, or one command with its options. */
export function helpText(commands: readonly Command[], topic?: string): string {
  const command = commands.find((c) => `${c.group} ${c.action}` === topic);
  if (command) return commandHelp(command);
  const shown = topic ? commands.filter((c) => c.group === topic) : commands;
  const sections = [...new Set(shown.map((c) => c.group))].map(
    (group) => `${title(group)}\n${shown.filter((c) => c.group === group).map((c) => `  ${usageLine(c)}\n      ${c.summary}`).join('\n')}`,
  );
  return [
    'roster: manage the directories and directory keys of a Roster deployment.',
    '',
    'Usage: roster <command> [options]   (in the repository: npm run roster -- <command>, or npx roster <command>)',
    '',
    ...sections.flatMap((s) => [s, '']),
    ...(topic ? [] : ['Shortcuts', '  roster export --directory <id> [--out <file>]   is   roster directories export <id>', '  roster import --directory <id> --file <file>    is   roster directories import <id> --file <file>', '']),
    'Options of every command',
    optionLines(GLOBAL_OPTIONS),
    '',
    ...FOOTER,
    'roster help <command> (e.g. roster help keys create) shows a command with its options.',
  ].join('\n');
}

function commandHelp(command: Command): string {
  const options = Object.keys(command.options).length > 0 ? ['Options', optionLines(command.options), ''] : [];
  return [`Usage: ${usageLine(command)}`, '', command.summary + '.', '', ...options, 'Options of every command', optionLines(GLOBAL_OPTIONS), '', ...FOOTER].join(
    '\n',
  );
}

function usageLine(c: Command): string {
  return `roster ${c.group} ${c.action}${c.usage ? ` ${c.usage}` : ''}`;
}

function optionLines(options: Record<string, OptionSpec>): string {
  return formatFields(
    Object.entries(options).map(([name, o]) => [`${o.short ? `-${o.short}, ` : ''}--${name}${o.type === 'string' ? ` <${o.value ?? 'value'}>` : ''}`, o.help]),
    '  ',
  );
}

function title(group: string): string {
  return group[0]!.toUpperCase() + group.slice(1);
}
