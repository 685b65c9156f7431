import { app } from '@azure/functions';
import { groupsHandler } from '../shared/http/handlers/groups';
import { ALL_METHODS } from '../shared/http/methods';
import { scimRoute } from '../shared/http/scim-route';

app.http('groups', {
  route: 'scim/v2/Groups/{id?}',
  methods: ALL_METHODS,
  authLevel: 'anonymous',
  handler: scimRoute(groupsHandler),
});
