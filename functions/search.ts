import { app } from '@azure/functions';
import { searchHandler } from '../shared/http/handlers/search';
import { ALL_METHODS } from '../shared/http/methods';
import { scimRoute } from '../shared/http/scim-route';

/** POST /.search at the root (RFC 7644 §3.4.3); /Users/.search and /Groups/.search are served by their resources. */
app.http('search', {
  route: 'scim/v2/.search',
  methods: ALL_METHODS,
  authLevel: 'anonymous',
  handler: scimRoute(searchHandler),
});
