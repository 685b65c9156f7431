export const LIST_RESPONSE_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';

export interface ListResponsePage {
  totalResults: number;
  /** 1-based index of the first result in this page (RFC 7644 §3.4.2.4). */
  startIndex: number;
  itemsPerPage: number;
}

export interface ListResponse<T> extends ListResponsePage {
  schemas: [typeof LIST_RESPONSE_SCHEMA];
  Resources: T[];
}

/**
 * RFC 7644 §3.4.2: the query response envelope. `Resources` is always present, empty when
 * nothing matched: Entra's Test Connection filter expects an empty list, not a missing key.
 */
export function listResponse<T>(resources: T[], page: ListResponsePage): ListResponse<T> {
  return {
    schemas: [LIST_RESPONSE_SCHEMA],
    totalResults: page.totalResults,
    itemsPerPage: page.itemsPerPage,
    startIndex: page.startIndex,
    Resources: resources,
  };
}

/** A complete, unpaged list: the form of the discovery collections (RFC 7644 §4). */
export function fullListResponse<T>(resources: T[]): ListResponse<T> {
  return listResponse(resources, { totalResults: resources.length, itemsPerPage: resources.length, startIndex: 1 });
}
