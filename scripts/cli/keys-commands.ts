import { apiPath, requiredString, stringValue, type Command, type OptionSpec, type OptionValues } from './command';
import { formatIssuedKey, formatKeyList, formatRevoked, formatRotated, SECRETS_SHOWN_ONCE } from './format-key';
import { parseFutureTime, parseInteger, parseScope } from './option-values';

const directory: OptionSpec = { type: 'string', short: 'd', value: 'directory id', help: 'the directory the key opens' };

const keysPath = (values: OptionValues, ...rest: string[]) => apiPath('directories', requiredString(values, 'directory', 'directory id'), 'keys', ...rest);

const create: Command = {
  group: 'keys',
  action: 'create',
  positionals: [],
  usage: '--directory <id> --name <name> [--scope read-write|read-only] [--expires <date or duration>] [--secret-years 1..3]',
  summary: 'Create a key: prints its Secret Token, client id and client secret once',
  options: {
    directory,
    name: { type: 'string', value: 'name', help: 'what the key is for, e.g. "Entra provisioning"' },
    scope: { type: 'string', value: 'scope', help: 'read-write (default) or read-only' },
    expires: { type: 'string', value: 'when', help: 'an ISO date (2026-01-31), date-time with zone, or duration (12h, 90d, 2w, 1y); default never' },
    'secret-years': { type: 'string', value: 'years', help: 'how long the OAuth client secret is valid: 1, 2 (default) or 3' },
  },
  request: ({ values, now }) => {
    const body: Record<string, unknown> = { name: requiredString(values, 'name', 'name') };
    const scope = stringValue(values, 'scope');
    if (scope !== undefined) body.scope = parseScope(scope);
    const expires = stringValue(values, 'expires');
    if (expires !== undefined) body.expires = parseFutureTime(expires, '--expires', now);
    const years = stringValue(values, 'secret-years');
    if (years !== undefined) body.secretYears = parseInteger(years, '--secret-years', 1, 3);
    return { method: 'POST', path: keysPath(values), body };
  },
  render: (body, { baseUrl, now }) => formatIssuedKey(body, baseUrl, now),
  jsonNotice: SECRETS_SHOWN_ONCE,
};

const list: Command = {
  group: 'keys',
  action: 'list',
  positionals: [],
  usage: '--directory <id>',
  summary: "List a directory's keys (never their tokens)",
  options: { directory },
  request: ({ values }) => ({ method: 'GET', path: keysPath(values) }),
  render: (body, { values, now }) => formatKeyList(String(values.directory), body.keys ?? [], now),
};

const revoke: Command = {
  group: 'keys',
  action: 'revoke',
  positionals: ['keyId'],
  usage: '--directory <id> <key id>',
  summary: 'Revoke a key: its token and client secret stop working',
  options: { directory },
  request: ({ args, values }) => ({ method: 'POST', path: keysPath(values, args.keyId!, 'revoke') }),
  render: (body) => formatRevoked(body),
};

const rotate: Command = {
  group: 'keys',
  action: 'rotate',
  positionals: ['keyId'],
  usage: '--directory <id> <key id> [--expire-old <date or duration>] [--name <name>]',
  summary: 'Issue a new key with the same scope; the old one keeps working until --expire-old or revoke',
  options: {
    directory,
    'expire-old': { type: 'string', value: 'when', help: 'when the old key stops working: an ISO date, date-time with zone, or duration (e.g. 7d)' },
    name: { type: 'string', value: 'name', help: "the new key's name; default the old key's" },
  },
  request: ({ args, values, now }) => {
    const body: Record<string, unknown> = {};
    const name = stringValue(values, 'name');
    if (name !== undefined) body.name = name;
    const expireOld = stringValue(values, 'expire-old');
    if (expireOld !== undefined) body.expireOldAt = parseFutureTime(expireOld, '--expire-old', now);
    return { method: 'POST', path: keysPath(values, args.keyId!, 'rotate'), body };
  },
  render: (body, { baseUrl, now }) => formatRotated(body, baseUrl, now),
  jsonNotice: SECRETS_SHOWN_ONCE,
};

export const KEY_COMMANDS: readonly Command[] = [create, list, revoke, rotate];
