import { createHmac, timingSafeEqual } from 'node:crypto';
import type { SigningKey } from '../auth/signing-keys';
import { ScimError } from '../scim/errors';

/** How long a cursor stays valid (advertised as pagination.cursorTimeout). */
export const CURSOR_TIMEOUT_SECONDS = 3600;

/** What a cursor carries: a position and the hints that let the next page resume cheaply. */
export interface CursorState {
  /** 0-based position of the page's first result. */
  pos: number;
  /** The resource the scan resumes after (unsorted lists). */
  after?: string;
  /** Total matches when the walk began. */
  total?: number;
  /** Root search: the resource type the page starts in, and the users' total. */
  type?: 'User' | 'Group';
  usersTotal?: number;
}

/** A cursor is valid only for the directory and query it was issued for. */
export interface CursorScope {
  directoryId: string;
  /** The query as canonical text (resource type, filter, sortBy, sortOrder). */
  query: string;
}

const LABEL = 'roster/scim-cursor/v1';
const FORMAT = /^([A-Za-z0-9_-]{1,2048})\.([A-Za-z0-9_-]{43})$/;

/**
 * RFC 9865 cursors: opaque to clients, made only of unreserved characters
 * (`<base64url JSON>.<base64url HMAC-SHA256>`). The MAC key is derived from each deployment
 * signing key (the first signs; all verify, so rotation keeps cursors valid), and the MAC
 * covers the directory and the query as well as the payload, so a cursor edited, or presented
 * for another directory or another filter or sort, is 400 invalidCursor; one older than
 * CURSOR_TIMEOUT_SECONDS is 400 expiredCursor.
 */
export class CursorCodec {
  private readonly keys: Buffer[];

  constructor(
    signingKeys: readonly SigningKey[],
    private readonly now: () => number = Date.now,
  ) {
    this.keys = signingKeys.map((k) => createHmac('sha256', k.secret).update(LABEL).digest());
  }

  encode(scope: CursorScope, state: CursorState): string {
    const payload = { ...state, x: Math.floor(this.now() / 1000) + CURSOR_TIMEOUT_SECONDS };
    const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
    return `${body}.${mac(this.keys[0]!, scope, body).toString('base64url')}`;
  }

  /** @throws ScimError invalidCursor or expiredCursor */
  decode(scope: CursorScope, cursor: string): CursorState {
    const match = FORMAT.exec(cursor);
    if (!match) throw invalid();
    const [, body, tag] = match;
    const given = Buffer.from(tag!, 'base64url');
    if (!this.keys.some((key) => timingSafeEqual(mac(key, scope, body!), given))) throw invalid();
    const payload = parsePayload(body!);
    if (payload.x * 1000 < this.now()) {
      throw ScimError.expiredCursor(`cursor has expired; cursors are valid for ${CURSOR_TIMEOUT_SECONDS} seconds: start again with an empty cursor`);
    }
    const { x: _expires, ...state } = payload;
    return state;
  }
}

function mac(key: Buffer, scope: CursorScope, body: string): Buffer {
  return createHmac('sha256', key).update(`${scope.directoryId}\n${scope.query}\n${body}`).digest();
}

function invalid(): ScimError {
  return ScimError.invalidCursor(
    'cursor is not valid for this query: pass the nextCursor or previousCursor of an earlier answer to the same query unchanged, or an empty cursor to start',
  );
}

function parsePayload(body: string): CursorState & { x: number } {
  let value: Record<string, unknown>;
  try {
    value = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Record<string, unknown>;
  } catch {
    throw invalid();
  }
  const isCount = (n: unknown) => Number.isSafeInteger(n) && (n as number) >= 0;
  const ok =
    isCount(value.pos) &&
    Number.isSafeInteger(value.x) &&
    (value.after === undefined || typeof value.after === 'string') &&
    (value.total === undefined || isCount(value.total)) &&
    (value.usersTotal === undefined || isCount(value.usersTotal)) &&
    (value.type === undefined || value.type === 'User' || value.type === 'Group');
  if (!ok) throw invalid();
  return value as unknown as CursorState & { x: number };
}
