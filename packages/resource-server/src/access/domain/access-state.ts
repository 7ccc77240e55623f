import type {
  AccessFacts,
  ClientFacts,
  ContractFacts,
  EnterpriseFacts,
  UserFacts,
} from '@charter/auth';

/** A projected aggregate at the version of the last event applied to it. */
export type Versioned<T> = T & { readonly version: number };

/** A system account as kept here: looked up by the token's `client_id`. */
export type ProjectedClient = Versioned<ClientFacts & { readonly id: string }>;

/**
 * One instance's copy of what decides access: contracts, enterprises, users, system accounts
 * and revoked token ids, kept in memory so the request path reads no database row. It is the
 * content API's answer to @charter/auth's AccessFacts port.
 *
 * Every write keeps the newer version: applying the same facts twice, or older facts
 * after newer ones, changes nothing. So the load from PostgreSQL and the events of
 * the instance's own subscription can arrive in any order and still end in the same
 * state (the newest version of each aggregate).
 */
export class AccessState implements AccessFacts {
  private readonly contracts = new Map<string, Versioned<ContractFacts>>();
  private readonly enterprises = new Map<string, Versioned<EnterpriseFacts>>();
  private readonly users = new Map<string, Versioned<UserFacts>>();
  /** By `client_id` (unique and never changed for an account), not by aggregate id. */
  private readonly clients = new Map<string, ProjectedClient>();
  /** jti → the token's expiry (ms since the epoch); an entry matters only until then. */
  private readonly revoked = new Map<string, number>();

  /** Keeps the contract unless a version as new or newer is there already; true when it changed. */
  putContract(contract: Versioned<ContractFacts>): boolean {
    return putIfNewer(this.contracts, contract);
  }

  putEnterprise(enterprise: Versioned<EnterpriseFacts>): boolean {
    return putIfNewer(this.enterprises, enterprise);
  }

  putUser(user: Versioned<UserFacts>): boolean {
    return putIfNewer(this.users, user);
  }

  putClient(client: ProjectedClient): boolean {
    const current = this.clients.get(client.clientId);
    if (current !== undefined && current.id === client.id && current.version >= client.version) {
      return false;
    }
    this.clients.set(client.clientId, client);
    return true;
  }

  /** Remembers a revoked token until it expires; nothing for a token already expired. */
  revoke(jti: string, expiresAt: Date, now: Date): boolean {
    if (expiresAt.getTime() <= now.getTime() || this.revoked.has(jti)) {
      return false;
    }
    this.revoked.set(jti, expiresAt.getTime());
    return true;
  }

  contract(id: string): Versioned<ContractFacts> | undefined {
    return this.contracts.get(id);
  }

  enterprise(id: string): Versioned<EnterpriseFacts> | undefined {
    return this.enterprises.get(id);
  }

  user(id: string): Versioned<UserFacts> | undefined {
    return this.users.get(id);
  }

  client(clientId: string): ProjectedClient | undefined {
    return this.clients.get(clientId);
  }

  isRevoked(jti: string): boolean {
    return this.revoked.has(jti);
  }

  /**
   * Forgets the revocations of tokens that have expired (they are refused as expired
   * anyway): the list holds at most the tokens revoked within one token lifetime.
   */
  pruneRevocations(now: Date): number {
    let pruned = 0;
    for (const [jti, expiresAt] of this.revoked) {
      if (expiresAt <= now.getTime()) {
        this.revoked.delete(jti);
        pruned += 1;
      }
    }
    return pruned;
  }

  get sizes(): {
    contracts: number;
    enterprises: number;
    users: number;
    clients: number;
    revocations: number;
  } {
    return {
      contracts: this.contracts.size,
      enterprises: this.enterprises.size,
      users: this.users.size,
      clients: this.clients.size,
      revocations: this.revoked.size,
    };
  }
}

function putIfNewer<T extends { readonly id: string; readonly version: number }>(
  map: Map<string, T>,
  row: T,
): boolean {
  const current = map.get(row.id);
  if (current !== undefined && current.version >= row.version) {
    return false;
  }
  map.set(row.id, row);
  return true;
}
