import { app } from '@azure/functions';
import { consoleRoute } from '../shared/http/console/console-route';
import { ALL_METHODS } from '../shared/http/methods';

/** The admin console: a static page at /api/console/ over the management API. */
app.http('console', {
  route: 'console/{*path}',
  methods: ALL_METHODS,
  authLevel: 'anonymous',
  handler: consoleRoute,
});
