import { ScimError } from '../../scim/errors';
import type { ScimHandler } from '../scim-route';
import { journalPage } from './journal-page';

/**
 * GET /api/changes?cursor=…: the change feed of the caller's directory, for downstream apps
 * that sync incrementally. Start without a cursor (or with `since`), then pass each answer's
 * nextCursor; an answer without nextCursor means "caught up, poll again later with the last
 * cursor you got".
 */
export const changesHandler: ScimHandler = async (ctx) => {
  if (ctx.method !== 'GET') throw ScimError.methodNotAllowed('use GET on /changes', ['GET']);
  const page = await journalPage(ctx.services.table, ctx.principal.directoryId, ctx.query);
  return { status: 200, body: page, headers: { 'Content-Type': 'application/json' } };
};
