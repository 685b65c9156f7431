/** RFC 7643 §2.2 / §7: attribute characteristics as the /Schemas endpoint publishes them. */
export type AttributeType =
  | 'string'
  | 'boolean'
  | 'decimal'
  | 'integer'
  | 'dateTime'
  | 'reference'
  | 'complex'
  | 'binary';
export type Mutability = 'readOnly' | 'readWrite' | 'immutable' | 'writeOnly';
export type Returned = 'always' | 'never' | 'default' | 'request';
export type Uniqueness = 'none' | 'server' | 'global';

export interface AttributeDef {
  /** Canonical spelling; lookups compare case-insensitively. */
  name: string;
  type: AttributeType;
  multiValued: boolean;
  description: string;
  required: boolean;
  caseExact: boolean;
  mutability: Mutability;
  returned: Returned;
  uniqueness: Uniqueness;
  canonicalValues?: string[];
  referenceTypes?: string[];
  subAttributes?: AttributeDef[];
}

export interface SchemaDef {
  /** The schema URN, e.g. urn:ietf:params:scim:schemas:core:2.0:User */
  id: string;
  name: string;
  description: string;
  attributes: AttributeDef[];
}

export interface SchemaExtensionRef {
  schema: SchemaDef;
  required: boolean;
}

export interface ResourceTypeDef {
  /** Also the ResourceType's name, e.g. "User". */
  id: string;
  name: string;
  /** Relative endpoint, e.g. "/Users". */
  endpoint: string;
  description: string;
  schema: SchemaDef;
  extensions: SchemaExtensionRef[];
}

/**
 * Where a (possibly URN-qualified, any-case) attribute name lands in a resource type:
 * `schemaId` is the core or extension URN that holds it, `def` the attribute.
 * Common attributes (id, externalId, meta, RFC 7643 §3.1) resolve with the core schema id
 * and `common: true`; in a stored resource they live at the top level like core attributes.
 */
export interface ResolvedAttribute {
  schemaId: string;
  def: AttributeDef;
  common: boolean;
  /** True when the attribute lives under its extension URN key in a resource body. */
  extension: boolean;
}
