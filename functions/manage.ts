import { app } from '@azure/functions';
import { manageHandler } from '../shared/http/handlers/manage/manage-handler';
import { ALL_METHODS } from '../shared/http/methods';
import { manageRoute } from '../shared/http/manage-route';

/** The management API (directories and keys); needs the admin key, never a directory key. */
app.http('manage', {
  route: 'manage/{*path}',
  methods: ALL_METHODS,
  authLevel: 'anonymous',
  handler: manageRoute(manageHandler),
});
