import { app } from '@azure/functions';
import { schemasHandler } from '../shared/http/handlers/discovery';
import { ALL_METHODS } from '../shared/http/methods';
import { scimRoute } from '../shared/http/scim-route';

app.http('schemas', {
  route: 'scim/v2/Schemas/{id?}',
  methods: ALL_METHODS,
  authLevel: 'anonymous',
  handler: scimRoute(schemasHandler),
});
