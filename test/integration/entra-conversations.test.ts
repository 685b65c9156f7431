import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { USER_RESOURCE_TYPE } from '../../shared/scim/schema/resource-types';
import { startHarness, type Harness } from '../support/harness';

/**
 * Recorded-shape Entra conversations (test/fixtures/entra/*.json) replayed through the real
 * handlers over HTTP against Azurite; after the last step the stored documents are compared
 * with what the conversation should have left behind.
 */
interface Step {
  name: string;
  request: { method: string; path: string; body?: unknown };
  expect: { status: number; body?: unknown };
  save?: Record<string, string>;
}
interface Conversation {
  name: string;
  steps: Step[];
  stored: Record<string, Record<string, unknown>>;
  storedExact?: boolean;
}

const dir = join(__dirname, '../fixtures/entra');
const conversations: Conversation[] = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as Conversation);

function substitute<T>(value: T, vars: Record<string, string>): T {
  const text = JSON.stringify(value).replace(/\$\{(\w+)\}/g, (_, name: string) => {
    if (!(name in vars)) throw new Error(`fixture variable ${name} is not set yet`);
    return vars[name]!;
  });
  return JSON.parse(text) as T;
}

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.stop();
});

describe.each(conversations.map((c) => [c.name, c] as const))('%s', (_name, conversation) => {
  it('answers every step as Entra expects and stores the right result', async () => {
    const vars: Record<string, string> = {};
    for (const step of conversation.steps) {
      const req = substitute(step.request, vars);
      const reply = await h.request(req.method, req.path, { body: req.body });
      expect({ step: step.name, status: reply.status, detail: reply.body?.detail }).toMatchObject({ step: step.name, status: step.expect.status });
      if (step.expect.body !== undefined) expect(reply.body, step.name).toMatchObject(substitute(step.expect.body, vars) as object);
      for (const [name, field] of Object.entries(step.save ?? {})) vars[name] = String(reply.body[field]);
    }
    const users = h.services.resources(USER_RESOURCE_TYPE, 'test');
    for (const [id, expected] of Object.entries(substitute(conversation.stored.User ?? {}, vars))) {
      const stored = (await users.get(id)).doc;
      if (conversation.storedExact) expect(stored).toEqual(expected);
      else expect(stored).toMatchObject(expected as object);
    }
  });
});
