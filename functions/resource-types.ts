import { app } from '@azure/functions';
import { resourceTypesHandler } from '../shared/http/handlers/discovery';
import { ALL_METHODS } from '../shared/http/methods';
import { scimRoute } from '../shared/http/scim-route';

app.http('resource-types', {
  route: 'scim/v2/ResourceTypes/{id?}',
  methods: ALL_METHODS,
  authLevel: 'anonymous',
  handler: scimRoute(resourceTypesHandler),
});
