import { ENTERPRISE_USER_SCHEMA } from './enterprise-user-schema';
import { GROUP_SCHEMA } from './group-schema';
import type { ResourceTypeDef } from './types';
import { USER_SCHEMA } from './user-schema';

/** RFC 7643 §6: the User resource type, with the optional Enterprise User extension. */
export const USER_RESOURCE_TYPE: ResourceTypeDef = {
  id: 'User',
  name: 'User',
  endpoint: '/Users',
  description: 'User Account',
  schema: USER_SCHEMA,
  extensions: [{ schema: ENTERPRISE_USER_SCHEMA, required: false }],
};

export const GROUP_RESOURCE_TYPE: ResourceTypeDef = {
  id: 'Group',
  name: 'Group',
  endpoint: '/Groups',
  description: 'Group',
  schema: GROUP_SCHEMA,
  extensions: [],
};

export const RESOURCE_TYPES: readonly ResourceTypeDef[] = [USER_RESOURCE_TYPE, GROUP_RESOURCE_TYPE];

/** Looks a resource type up by its name ("User", "Group"), case-insensitively. */
export function resourceTypeByName(name: string): ResourceTypeDef | undefined {
  const wanted = name.toLowerCase();
  return RESOURCE_TYPES.find((rt) => rt.name.toLowerCase() === wanted);
}
