import { app } from '@azure/functions';
import { changesHandler } from '../shared/http/handlers/changes-handler';
import { ALL_METHODS } from '../shared/http/methods';
import { scimRoute } from '../shared/http/scim-route';

/** The change feed of the caller's directory (a directory key opens it). */
app.http('changes', {
  route: 'changes',
  methods: ALL_METHODS,
  authLevel: 'anonymous',
  handler: scimRoute(changesHandler),
});
