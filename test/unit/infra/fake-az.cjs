#!/usr/bin/env node
// A stand-in for the few `az keyvault secret` commands infra/app/scripts/ensure-secrets.sh runs,
// over a JSON file (FAKE_AZ_STATE/vault.json). It answers the way az does where it matters:
// values go to stdout unless --output none / --query id say otherwise, so a careless script
// would leak them into the test's captured output. Every call is appended to calls.jsonl.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const dir = process.env.FAKE_AZ_STATE;
const statePath = path.join(dir, 'vault.json');
const state = JSON.parse(fs.readFileSync(statePath, 'utf8'));
const args = process.argv.slice(2);
fs.appendFileSync(path.join(dir, 'calls.jsonl'), JSON.stringify(args) + '\n');

const option = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const save = () => fs.writeFileSync(statePath, JSON.stringify(state, null, 2));
const fail = (message) => {
  process.stderr.write(`ERROR: ${message}\n`);
  process.exit(1);
};

if (args[0] !== 'keyvault' || args[1] !== 'secret') fail(`unsupported: ${args.join(' ')}`);
const name = option('--name');
const vault = option('--vault-name');
if (!vault) fail('--vault-name is required');
if (state.forbidden > 0) {
  state.forbidden -= 1;
  save();
  fail('(Forbidden) Caller is not authorized to perform action on resource.');
}

switch (args[2]) {
  case 'list':
    process.stdout.write(Object.keys(state.secrets).map((n) => `${n}\n`).join(''));
    break;
  case 'show': {
    if ((state.showErrors ?? []).includes(name)) fail('(Throttled) Too many requests.');
    const versions = state.secrets[name];
    if (!versions) fail(`(SecretNotFound) A secret with (name/id) ${name} was not found in this key vault.`);
    const id = `https://${vault}.vault.azure.net/secrets/${name}/v${versions.length}`;
    const value = versions[versions.length - 1];
    process.stdout.write(option('--query') === 'id' ? `${id}\n` : JSON.stringify({ id, value }) + '\n');
    break;
  }
  case 'recover':
    if (!state.deleted[name]) fail(`(SecretNotFound) Deleted Secret not found: ${name}`);
    state.secrets[name] = state.deleted[name];
    delete state.deleted[name];
    save();
    break;
  case 'set': {
    if (state.deleted[name]) fail(`(Conflict) Secret ${name} is currently in a deleted but recoverable state.`);
    const file = option('--file');
    const value = file ? fs.readFileSync(file, 'utf8') : option('--value');
    state.secrets[name] = [...(state.secrets[name] ?? []), value];
    state.contentTypes = { ...state.contentTypes, [name]: option('--content-type') };
    save();
    if (option('--output') !== 'none') process.stdout.write(JSON.stringify({ name, value }) + '\n');
    break;
  }
  default:
    fail(`unsupported: ${args.join(' ')}`);
}
