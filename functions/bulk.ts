import { app } from '@azure/functions';
import { bulkHandler } from '../shared/http/handlers/bulk';
import { ALL_METHODS } from '../shared/http/methods';
import { scimRoute } from '../shared/http/scim-route';

/** POST /Bulk (RFC 7644 §3.7). */
app.http('bulk', {
  route: 'scim/v2/Bulk',
  methods: ALL_METHODS,
  authLevel: 'anonymous',
  handler: scimRoute(bulkHandler),
});
