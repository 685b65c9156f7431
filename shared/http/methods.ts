import type { HttpMethod } from '@azure/functions';

/**
 * SCIM routes register every method so that an unsupported one reaches the handler and gets
 * a SCIM 405 with Allow, instead of the host's bare 404.
 */
export const ALL_METHODS: HttpMethod[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'];
