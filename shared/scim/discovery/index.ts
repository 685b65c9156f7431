/** The discovery endpoints of RFC 7644 §4 as pure builders; the HTTP layer answers 404 on undefined. */
export {
  OAUTH_BEARER_TOKEN_SCHEME,
  SERVICE_PROVIDER_CONFIG_SCHEMA,
  serviceProviderConfig,
  type AuthenticationScheme,
  type ServiceProviderConfigOptions,
} from './service-provider-config';
export { RESOURCE_TYPE_SCHEMA, resourceTypeById, resourceTypeResource, resourceTypesList } from './resource-type-resources';
export { SCHEMA_SCHEMA, attributeResource, publishedSchemas, schemaById, schemaResource, schemasList } from './schema-resources';
