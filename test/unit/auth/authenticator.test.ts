import { beforeAll, describe, expect, it } from 'vitest';
import { Authenticator } from '../../../shared/auth/authenticator';
import { issueDirectoryToken, type TokenOptions } from '../../../shared/auth/directory-token';
import type { SigningKey } from '../../../shared/auth/signing-keys';
import { ScimError } from '../../../shared/scim/errors';
import type { DirectoryRecord, DirectoryStore, KeyRecord } from '../../../shared/store/directory-store';
import { scimRejectionOf } from '../scim/scim-error-of';

const KEY: SigningKey = { kid: 'k1', secret: new Uint8Array(32).fill(7) };
const OTHER_KEY: SigningKey = { kid: 'k1', secret: new Uint8Array(32).fill(8) };
const OPTS: TokenOptions = { issuer: 'roster', audience: 'roster-scim' };
const CACHE_SECONDS = 60;
const WINDOW_MS = CACHE_SECONDS * 1000;
const T0 = Date.parse('2030-01-01T00:00:00Z');

/** A DirectoryStore stand-in: key records in a map, and a count of getKey calls. */
class FakeDirectoryStore {
  readonly records = new Map<string, KeyRecord>();
  reads = 0;

  put(record: KeyRecord): void {
    this.records.set(`${record.directoryId}/${record.keyId}`, { ...record });
  }

  update(directoryId: string, keyId: string, change: Partial<KeyRecord>): void {
    const key = `${directoryId}/${keyId}`;
    this.records.set(key, { ...this.records.get(key)!, ...change });
  }

  async getKey(directoryId: string, keyId: string): Promise<KeyRecord | undefined> {
    this.reads++;
    const record = this.records.get(`${directoryId}/${keyId}`);
    return record && { ...record };
  }

  readonly deletedDirectories = new Set<string>();
  directoryReads = 0;
  touches: string[] = [];

  async getDirectory(id: string): Promise<DirectoryRecord | undefined> {
    this.directoryReads++;
    return this.deletedDirectories.has(id) ? undefined : { id, displayName: id, created: '2029-12-01T00:00:00.000Z' };
  }

  async touchKey(directoryId: string, keyId: string, lastUsed: string): Promise<void> {
    this.touches.push(`${directoryId}/${keyId}@${lastUsed}`);
  }
}

function keyRecord(overrides: Partial<KeyRecord> = {}): KeyRecord {
  return { directoryId: 'contoso', keyId: 'key-1', name: 'Entra', scope: 'read-write', created: '2029-12-01T00:00:00.000Z', ...overrides };
}

/** An authenticator over a fake store, with a clock the test moves by hand. */
function setup(cacheSeconds = CACHE_SECONDS) {
  const store = new FakeDirectoryStore();
  const clock = { now: T0 };
  const auth = new Authenticator([KEY], OPTS, store as unknown as DirectoryStore, cacheSeconds, undefined, () => clock.now);
  return { store, clock, auth };
}

const rejection = (promise: Promise<unknown>): Promise<ScimError> => scimRejectionOf(promise, 'authentication to fail');

let token: string;
let otherToken: string;
let forgedToken: string;

beforeAll(async () => {
  token = await issueDirectoryToken(KEY, OPTS, { directoryId: 'contoso', keyId: 'key-1' });
  otherToken = await issueDirectoryToken(KEY, OPTS, { directoryId: 'contoso', keyId: 'key-2' });
  forgedToken = await issueDirectoryToken(OTHER_KEY, OPTS, { directoryId: 'contoso', keyId: 'key-1' });
});

describe('Authenticator', () => {
  it('turns a valid bearer token into the principal of its key record', async () => {
    const { store, auth } = setup();
    store.put(keyRecord());
    await expect(auth.authenticate(`Bearer ${token}`)).resolves.toEqual({ directoryId: 'contoso', keyId: 'key-1', scope: 'read-write' });
  });

  it('passes a read-only scope through', async () => {
    const { store, auth } = setup();
    store.put(keyRecord({ scope: 'read-only' }));
    expect((await auth.authenticate(`Bearer ${token}`)).scope).toBe('read-only');
  });

  describe('the key record cache', () => {
    it('reads the key record once per cache window', async () => {
      const { store, clock, auth } = setup();
      store.put(keyRecord());
      for (let i = 0; i < 5; i++) await auth.authenticate(`Bearer ${token}`);
      expect(store.reads).toBe(1);
      clock.now = T0 + WINDOW_MS - 1;
      await auth.authenticate(`Bearer ${token}`);
      expect(store.reads).toBe(1);
      clock.now = T0 + WINDOW_MS;
      await auth.authenticate(`Bearer ${token}`);
      await auth.authenticate(`Bearer ${token}`);
      expect(store.reads).toBe(2);
    });

    it('caches each key record separately', async () => {
      const { store, auth } = setup();
      store.put(keyRecord());
      store.put(keyRecord({ keyId: 'key-2', scope: 'read-only' }));
      expect((await auth.authenticate(`Bearer ${token}`)).keyId).toBe('key-1');
      expect((await auth.authenticate(`Bearer ${otherToken}`)).keyId).toBe('key-2');
      expect((await auth.authenticate(`Bearer ${token}`)).scope).toBe('read-write');
      expect(store.reads).toBe(2);
    });

    it('reads the record on every call when the window is 0 seconds', async () => {
      const { store, auth } = setup(0);
      store.put(keyRecord());
      for (let i = 0; i < 3; i++) await auth.authenticate(`Bearer ${token}`);
      expect(store.reads).toBe(3);
    });

    it('keeps a revoked key working at most until the window ends, then fails it', async () => {
      const { store, clock, auth } = setup();
      store.put(keyRecord());
      await auth.authenticate(`Bearer ${token}`);
      clock.now = T0 + 1_000;
      store.update('contoso', 'key-1', { revoked: new Date(clock.now).toISOString() });
      clock.now = T0 + WINDOW_MS - 1;
      await expect(auth.authenticate(`Bearer ${token}`)).resolves.toMatchObject({ keyId: 'key-1' });
      clock.now = T0 + WINDOW_MS;
      const error = await rejection(auth.authenticate(`Bearer ${token}`));
      expect(error.status).toBe(401);
      expect(error.detail).toContain('revoked');
    });

    it('keeps failing a revoked key in later windows', async () => {
      const { store, clock, auth } = setup();
      store.put(keyRecord({ revoked: '2029-12-31T00:00:00.000Z' }));
      for (let window = 0; window < 3; window++) {
        clock.now = T0 + window * WINDOW_MS;
        expect((await rejection(auth.authenticate(`Bearer ${token}`))).status).toBe(401);
      }
      expect(store.reads).toBe(3);
    });
  });

  describe('the key record', () => {
    it('fails when it does not exist', async () => {
      const { auth } = setup();
      const error = await rejection(auth.authenticate(`Bearer ${token}`));
      expect(error.status).toBe(401);
      expect(error.detail).toContain('does not exist');
    });

    it('fails once its expiry has passed, even while it is cached', async () => {
      const { store, clock, auth } = setup();
      store.put(keyRecord({ expires: new Date(T0 + 10_000).toISOString() }));
      await expect(auth.authenticate(`Bearer ${token}`)).resolves.toMatchObject({ keyId: 'key-1' });
      clock.now = T0 + 9_999;
      await expect(auth.authenticate(`Bearer ${token}`)).resolves.toMatchObject({ keyId: 'key-1' });
      clock.now = T0 + 10_000;
      const error = await rejection(auth.authenticate(`Bearer ${token}`));
      expect(error.status).toBe(401);
      expect(error.detail).toContain('expired');
      expect(store.reads).toBe(1);
    });

    it('fails when it expired before the first request', async () => {
      const { store, auth } = setup();
      store.put(keyRecord({ expires: '2029-06-01T00:00:00.000Z' }));
      expect((await rejection(auth.authenticate(`Bearer ${token}`))).status).toBe(401);
    });
  });

  describe('the Authorization header', () => {
    it.each<[string, string | null]>([
      ['missing', null],
      ['empty', ''],
      ['Basic credentials', 'Basic dXNlcjpwYXNz'],
      ['a bare scheme', 'Bearer'],
      ['a scheme and a space', 'Bearer '],
      ['a token without a scheme', 'eyJhbGciOiJIUzI1NiJ9.e30.x'],
      ['two tokens', 'Bearer abc def'],
      ['a token with a comma', 'Bearer abc,def'],
      ['a token with a quote', 'Bearer "abc"'],
      ['another scheme that starts like Bearer', 'Bearerx abc'],
      ['a leading space', ' Bearer abc'],
      ['a line break', 'Bearer abc\ndef'],
    ])('is rejected with 401 when %s, without touching storage', async (_, header) => {
      const { store, auth } = setup();
      const error = await rejection(auth.authenticate(header));
      expect(error.status).toBe(401);
      expect(error.scimType).toBeUndefined();
      expect(error.headers['WWW-Authenticate']).toBe('Bearer realm="roster"');
      expect(store.reads).toBe(0);
    });

    it.each<[string, (t: string) => string]>([
      ['lower-case bearer', (t) => `bearer ${t}`],
      ['upper-case BEARER', (t) => `BEARER ${t}`],
      ['a tab after the scheme', (t) => `Bearer\t${t}`],
      ['several spaces and trailing whitespace', (t) => `Bearer   ${t}  `],
    ])('accepts %s', async (_, header) => {
      const { store, auth } = setup();
      store.put(keyRecord());
      await expect(auth.authenticate(header(token))).resolves.toMatchObject({ keyId: 'key-1' });
    });

    it('rejects a token with a bad signature before any storage read', async () => {
      const { store, auth } = setup();
      store.put(keyRecord());
      expect((await rejection(auth.authenticate(`Bearer ${forgedToken}`))).status).toBe(401);
      expect(store.reads).toBe(0);
    });
  });
});
