import { app } from '@azure/functions';
import { serviceProviderConfigHandler } from '../shared/http/handlers/discovery';
import { ALL_METHODS } from '../shared/http/methods';
import { scimRoute } from '../shared/http/scim-route';

app.http('service-provider-config', {
  route: 'scim/v2/ServiceProviderConfig',
  methods: ALL_METHODS,
  authLevel: 'anonymous',
  handler: scimRoute(serviceProviderConfigHandler),
});
