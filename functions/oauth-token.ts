import { app } from '@azure/functions';
import { oauthToken } from '../shared/http/handlers/oauth-token';

/** OAuth 2.0 client credentials for directory keys (RFC 6749 §4.4). */
app.http('oauth-token', {
  route: 'oauth/token',
  methods: ['POST', 'GET', 'PUT', 'PATCH', 'DELETE'],
  authLevel: 'anonymous',
  handler: oauthToken,
});
