import { defineAttribute as attr } from './define-attribute';
import type { AttributeDef } from './types';

const readOnly = { mutability: 'readOnly' } as const;

/**
 * RFC 7643 §3.1: attributes every resource has, outside any schema's attribute list.
 * `id` is readOnly, always returned, case-exact and unique; `meta` is assigned by the service.
 */
export const COMMON_ATTRIBUTES: AttributeDef[] = [
  attr('id', 'string', 'Unique identifier for the SCIM resource as defined by the service provider.', {
    ...readOnly,
    returned: 'always',
    caseExact: true,
    uniqueness: 'server',
  }),
  attr('externalId', 'string', 'Identifier of the resource as defined by the provisioning client.', {
    caseExact: true,
  }),
  attr('meta', 'complex', 'Resource metadata.', {
    ...readOnly,
    subAttributes: [
      attr('resourceType', 'string', 'The name of the resource type of the resource.', { ...readOnly, caseExact: true }),
      attr('created', 'dateTime', 'The date and time the resource was added to the service provider.', readOnly),
      attr('lastModified', 'dateTime', 'The most recent date and time the resource was modified.', readOnly),
      attr('location', 'reference', 'The URI of the resource being returned.', {
        ...readOnly,
        caseExact: true,
        referenceTypes: ['uri'],
      }),
      attr('version', 'string', 'The version (ETag) of the resource being returned.', { ...readOnly, caseExact: true }),
    ],
  }),
];
