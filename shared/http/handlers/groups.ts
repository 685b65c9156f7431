import { GROUP_RESOURCE_TYPE } from '../../scim/schema/resource-types';
import { resourceHandler } from './resource-handler';

export const groupsHandler = resourceHandler(GROUP_RESOURCE_TYPE);
