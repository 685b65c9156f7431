import { CliError } from './cli-error';
import type { Command } from './command';
import { DIRECTORY_COMMANDS } from './directories-commands';
import { helpText } from './help-text';
import { JOURNAL_COMMANDS } from './journal-commands';
import { KEY_COMMANDS } from './keys-commands';
import { RECONCILE_COMMANDS } from './reconcile-commands';
import { TRANSFER_COMMANDS } from './transfer-commands';
import { callManageApi } from './call-manage-api';
import { parseCommandLine } from './parse-command-line';
import { resolveTarget, type TargetContext } from './resolve-target';

export const COMMANDS: readonly Command[] = [...DIRECTORY_COMMANDS, ...KEY_COMMANDS, ...JOURNAL_COMMANDS, ...RECONCILE_COMMANDS, ...TRANSFER_COMMANDS];

/** What the CLI touches outside itself, so tests can run it without a process or a network. */
export interface CliIo extends TargetContext {
  stdout(text: string): void;
  stderr(text: string): void;
  fetch: typeof fetch;
  now(): Date;
}

/**
 * Runs one command line and resolves with the exit status: 0 done, 1 refused or unreachable
 * (one line on stderr), 2 bad usage. Nothing it prints contains the admin key.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    const line = parseCommandLine(argv, COMMANDS);
    if (line.kind === 'help') {
      io.stdout(helpText(COMMANDS, line.topic));
      return 0;
    }
    const { command, args, values, global } = line;
    const now = io.now();
    // The request first: a bad option is a usage error even when no admin key is at hand.
    const draft = { args, values, now, baseUrl: '' };
    const request = command.request(draft);
    const target = resolveTarget(global, io);
    const invocation = { ...draft, baseUrl: target.baseUrl };
    if (command.run) return await command.run(invocation, target, io);
    let body: unknown;
    try {
      body = await callManageApi(target, request, io.fetch);
    } catch (e) {
      const better = e instanceof CliError && e.code === 'api' ? command.explain?.(e, invocation) : undefined;
      throw better ? (e as CliError).withMessage(better) : e;
    }
    if (global.json) {
      io.stdout(JSON.stringify(body, null, 2));
      if (command.jsonNotice) io.stderr(command.jsonNotice);
    } else {
      io.stdout(command.render(body, invocation));
    }
    return 0;
  } catch (e) {
    if (e instanceof CliError) {
      io.stderr(`roster: ${e.message}`);
      return e.exitCode;
    }
    io.stderr(`roster: unexpected error: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
    return 1;
  }
}
