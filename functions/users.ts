import { app } from '@azure/functions';
import { usersHandler } from '../shared/http/handlers/users';
import { ALL_METHODS } from '../shared/http/methods';
import { scimRoute } from '../shared/http/scim-route';

app.http('users', {
  route: 'scim/v2/Users/{id?}',
  methods: ALL_METHODS,
  authLevel: 'anonymous',
  handler: scimRoute(usersHandler),
});
