import { apiPath, flag, requiredString, stringValue, type Command, type OptionSpec } from './command';
import { CliError } from './cli-error';
import { formatDeleted, formatDirectory, formatDirectoryList } from './format-directory';
import { parseRateLimit, parseTenantId } from './option-values';

const name: OptionSpec = { type: 'string', value: 'display name', help: 'the name people see' };
const rate: OptionSpec = { type: 'string', value: 'per second', help: 'requests per second per key (with --burst)' };
const burst: OptionSpec = { type: 'string', value: 'n', help: 'requests a key may send at once (with --rate)' };
const tenant: OptionSpec = { type: 'string', value: 'guid', help: "trust Entra-issued tokens of this tenant (Entra's Secret Token left blank)" };

const create: Command = {
  group: 'directories',
  action: 'create',
  positionals: ['id'],
  usage: '<id> --name "<display name>" [--rate <per second> --burst <n>] [--entra-tenant <guid>]',
  summary: 'Create a directory; <id> is a slug (lower-case letters, digits, dashes)',
  options: { name, rate, burst, 'entra-tenant': tenant },
  request: ({ args, values }) => {
    const body: Record<string, unknown> = { id: args.id, displayName: requiredString(values, 'name', 'display name') };
    const rateLimit = parseRateLimit(stringValue(values, 'rate'), stringValue(values, 'burst'));
    if (rateLimit) body.rateLimit = rateLimit;
    const tenantId = stringValue(values, 'entra-tenant');
    if (tenantId !== undefined) body.entraTenantId = parseTenantId(tenantId);
    return { method: 'POST', path: 'directories', body };
  },
  render: (body, { args }) =>
    `Created directory ${args.id}.\n\n${formatDirectory(body)}\n\nNext, a key for Entra: roster keys create --directory ${args.id} --name "Entra provisioning"`,
};

const list: Command = {
  group: 'directories',
  action: 'list',
  positionals: [],
  usage: '',
  summary: 'List the directories',
  options: {},
  request: () => ({ method: 'GET', path: 'directories' }),
  render: (body) => formatDirectoryList(body.directories ?? []),
};

const show: Command = {
  group: 'directories',
  action: 'show',
  positionals: ['id'],
  usage: '<id>',
  summary: 'Show a directory with its counts of users, groups and keys',
  options: {},
  request: ({ args }) => ({ method: 'GET', path: apiPath('directories', args.id!) }),
  render: (body) => formatDirectory(body),
};

const update: Command = {
  group: 'directories',
  action: 'update',
  positionals: ['id'],
  usage: '<id> [--name "<display name>"] [--rate <per second> --burst <n> | --no-rate-limit] [--entra-tenant <guid> | --no-entra-tenant]',
  summary: "Change a directory's name, rate limit or trusted Entra tenant",
  options: {
    name,
    rate,
    burst,
    'no-rate-limit': { type: 'boolean', help: 'use the deployment default rate limit again' },
    'entra-tenant': tenant,
    'no-entra-tenant': { type: 'boolean', help: 'stop trusting Entra-issued tokens' },
  },
  request: ({ args, values }) => {
    const body: Record<string, unknown> = {};
    const displayName = stringValue(values, 'name');
    if (displayName !== undefined) body.displayName = displayName;
    const rateLimit = parseRateLimit(stringValue(values, 'rate'), stringValue(values, 'burst'));
    if (rateLimit && flag(values, 'no-rate-limit')) throw CliError.usage('give --rate/--burst or --no-rate-limit, not both');
    if (rateLimit) body.rateLimit = rateLimit;
    if (flag(values, 'no-rate-limit')) body.rateLimit = null;
    const tenantId = stringValue(values, 'entra-tenant');
    if (tenantId !== undefined && flag(values, 'no-entra-tenant')) throw CliError.usage('give --entra-tenant or --no-entra-tenant, not both');
    if (tenantId !== undefined) body.entraTenantId = parseTenantId(tenantId);
    if (flag(values, 'no-entra-tenant')) body.entraTenantId = null;
    if (Object.keys(body).length === 0) {
      throw CliError.usage('nothing to update: give --name, --rate with --burst, --no-rate-limit, --entra-tenant or --no-entra-tenant');
    }
    return { method: 'PATCH', path: apiPath('directories', args.id!), body };
  },
  render: (body, { args }) => `Updated directory ${args.id}.\n\n${formatDirectory(body)}`,
};

const remove: Command = {
  group: 'directories',
  action: 'delete',
  positionals: ['id'],
  usage: '<id> [--force]',
  summary: 'Delete a directory and its keys; refused while it holds users or groups unless --force',
  options: { force: { type: 'boolean', help: 'delete its users and groups too' } },
  request: ({ args, values }) => ({
    method: 'DELETE',
    path: apiPath('directories', args.id!) + (flag(values, 'force') ? '?force=true' : ''),
  }),
  render: (body) => formatDeleted(body),
  // The API names its query parameter; here the switch is --force.
  explain: (error, { args }) =>
    error.status === 409 ? `${error.message.replace(/;.*$/, '')}: delete them first, or run roster directories delete ${args.id} --force` : undefined,
};

export const DIRECTORY_COMMANDS: readonly Command[] = [create, list, show, update, remove];
