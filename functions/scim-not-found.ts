import { app } from '@azure/functions';
import { ALL_METHODS } from '../shared/http/methods';
import { notFoundHandler } from '../shared/http/handlers/not-found-handler';
import { scimRoute } from '../shared/http/scim-route';

/** Any other path under the Tenant URL: a SCIM 404 body rather than the host's empty one. */
app.http('scim-not-found', {
  route: 'scim/v2/{*path}',
  methods: ALL_METHODS,
  authLevel: 'anonymous',
  handler: scimRoute(notFoundHandler),
});
