/** A user the bench created, with what its lookups need. */
export interface SeededUser {
  id: string;
  userName: string;
  externalId: string;
}

/**
 * What the bench created in the directory so far. The large group (`groups[0]`) holds the
 * first `largeGroupMembers` seeded users; the member phases add and remove the users after them.
 */
export interface BenchState {
  /** Keeps this run's userNames and group names apart from anything else in the directory. */
  tag: string;
  users: SeededUser[];
  groups: string[];
  largeGroupMembers: number;
  /** Users made by the create phase, not yet deleted. */
  created: string[];
  /** Advances on every create and PATCH, so each one sends new values. */
  counter: number;
}

export function newBenchState(tag: string): BenchState {
  return { tag, users: [], groups: [], largeGroupMembers: 0, created: [], counter: 0 };
}

/** Spreads lookups over the directory without repeating a pattern the storage could cache. */
export function spread(i: number, size: number): number {
  return (i * 7919 + 13) % size;
}
