import { ScimError } from '../../scim/errors';
import type { ScimHandler } from '../scim-route';

export const notFoundHandler: ScimHandler = async (ctx) => {
  const path = ctx.params.path ?? '';
  throw ScimError.notFound(`there is no SCIM endpoint at /${path}; see /ServiceProviderConfig, /ResourceTypes and /Schemas`);
};
