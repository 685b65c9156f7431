/**
 * Filter and path trees (RFC 7644 §3.4.2.2 and §3.5.2). Names are kept as written;
 * resolution against a schema (case-insensitive) happens where they are used.
 */

/** attrPath = [URI ":"] ATTRNAME *1subAttr */
export interface AttrPath {
  /** Schema URN prefix, when the path was written fully qualified. */
  uri?: string;
  name: string;
  sub?: string;
}

export type CompareOp = 'eq' | 'ne' | 'co' | 'sw' | 'ew' | 'gt' | 'ge' | 'lt' | 'le';

/** compValue = false / null / true / number / string (RFC 7159 forms). */
export type Literal = string | number | boolean | null;

export type Filter =
  | { kind: 'compare'; path: AttrPath; op: CompareOp; value: Literal }
  | { kind: 'present'; path: AttrPath }
  | { kind: 'and'; left: Filter; right: Filter }
  | { kind: 'or'; left: Filter; right: Filter }
  | { kind: 'not'; filter: Filter }
  /**
   * valuePath = attrPath "[" valFilter "]": `filter` is evaluated against each element of the
   * multi-valued attribute `path` (its paths name sub-attributes). Entra's
   * `emails[type eq "work"].value eq "x"` parses to a valuePath whose filter is
   * `type eq "work" and value eq "x"`, so both tests apply to the same element.
   */
  | { kind: 'valuePath'; path: AttrPath; filter: Filter };

/**
 * PATCH path (RFC 7644 §3.5.2): attrPath / valuePath [subAttr].
 * `emails[type eq "work"].value` -> { attr: {name:'emails'}, filter, sub: 'value' }
 * `name.givenName`               -> { attr: {name:'name', sub:'givenName'} }
 */
export interface PatchPath {
  attr: AttrPath;
  filter?: Filter;
  /** The sub-attribute after a value filter. */
  sub?: string;
}

export function assertNever(x: never): never {
  throw new Error(`unexpected value: ${JSON.stringify(x)}`);
}
