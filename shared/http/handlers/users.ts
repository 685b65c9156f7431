import { USER_RESOURCE_TYPE } from '../../scim/schema/resource-types';
import { resourceHandler } from './resource-handler';

export const usersHandler = resourceHandler(USER_RESOURCE_TYPE);
