import type { ProjectedClient } from './entities/projected-client.entity.js';
import type { ProjectedContentApi } from './entities/projected-content-api.entity.js';
import type { ProjectedContract } from './entities/projected-contract.entity.js';
import type { ProjectedEnterprise } from './entities/projected-enterprise.entity.js';
import type { ProjectedUser } from './entities/projected-user.entity.js';

const NO_CONTRACTS: readonly ProjectedContract[] = Object.freeze([]);

/**
 * This instance's in-memory copy of the account projection, indexed the way the OAuth
 * endpoints read it: clients by client_id, enterprises by id, contracts by enterprise,
 * content APIs, users by id and by login name. Each put keeps the newer version of its
 * aggregate (an event applied twice, or a load older than an event, changes nothing).
 * Rows are shared, never copied: readers must not change them.
 */
export class AccountState {
  private readonly clientsById = new Map<string, ProjectedClient>();
  private readonly clientsByClientId = new Map<string, ProjectedClient>();
  private readonly enterprises = new Map<string, ProjectedEnterprise>();
  private readonly contractsById = new Map<string, ProjectedContract>();
  private readonly contractsByEnterprise = new Map<string, Map<string, ProjectedContract>>();
  /** Per enterprise, ordered by id (as the SQL read was); dropped when one of them changes. */
  private readonly sortedContracts = new Map<string, readonly ProjectedContract[]>();
  private readonly contentApisById = new Map<string, ProjectedContentApi>();
  private contentApisSorted: readonly ProjectedContentApi[] | undefined;
  private readonly usersById = new Map<string, ProjectedUser>();
  private readonly usersByEmail = new Map<string, ProjectedUser>();

  client(clientId: string): ProjectedClient | undefined {
    return this.clientsByClientId.get(clientId);
  }

  enterprise(id: string): ProjectedEnterprise | undefined {
    return this.enterprises.get(id);
  }

  /** Every contract of the enterprise, whatever its status, ordered by id. */
  contractsOf(enterpriseId: string): readonly ProjectedContract[] {
    let sorted = this.sortedContracts.get(enterpriseId);
    if (sorted === undefined) {
      const contracts = this.contractsByEnterprise.get(enterpriseId);
      if (contracts === undefined) {
        return NO_CONTRACTS;
      }
      sorted = [...contracts.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
      this.sortedContracts.set(enterpriseId, sorted);
    }
    return sorted;
  }

  /** Every content API, ordered by resource indicator. */
  contentApis(): readonly ProjectedContentApi[] {
    this.contentApisSorted ??= [...this.contentApisById.values()].sort((a, b) =>
      a.resourceIndicator < b.resourceIndicator
        ? -1
        : a.resourceIndicator > b.resourceIndicator
          ? 1
          : 0,
    );
    return this.contentApisSorted;
  }

  user(id: string): ProjectedUser | undefined {
    return this.usersById.get(id);
  }

  /** By login name, lower-cased (as the account service stores it). */
  userByEmail(email: string): ProjectedUser | undefined {
    return this.usersByEmail.get(email.trim().toLowerCase());
  }

  putClient(row: ProjectedClient): void {
    const known = this.clientsById.get(row.id);
    if (known !== undefined && known.version >= row.version) {
      return;
    }
    if (known !== undefined && known.clientId !== row.clientId) {
      this.clientsByClientId.delete(known.clientId);
    }
    this.clientsById.set(row.id, row);
    this.clientsByClientId.set(row.clientId, row);
  }

  putEnterprise(row: ProjectedEnterprise): void {
    const known = this.enterprises.get(row.id);
    if (known === undefined || known.version < row.version) {
      this.enterprises.set(row.id, row);
    }
  }

  putContract(row: ProjectedContract): void {
    const known = this.contractsById.get(row.id);
    if (known !== undefined && known.version >= row.version) {
      return;
    }
    this.contractsById.set(row.id, row);
    if (known !== undefined && known.enterpriseId !== row.enterpriseId) {
      this.contractsByEnterprise.get(known.enterpriseId)?.delete(row.id);
      this.sortedContracts.delete(known.enterpriseId);
    }
    let contracts = this.contractsByEnterprise.get(row.enterpriseId);
    if (contracts === undefined) {
      contracts = new Map();
      this.contractsByEnterprise.set(row.enterpriseId, contracts);
    }
    contracts.set(row.id, row);
    this.sortedContracts.delete(row.enterpriseId);
  }

  putContentApi(row: ProjectedContentApi): void {
    const known = this.contentApisById.get(row.id);
    if (known === undefined || known.version < row.version) {
      this.contentApisById.set(row.id, row);
      this.contentApisSorted = undefined;
    }
  }

  putUser(row: ProjectedUser): void {
    const known = this.usersById.get(row.id);
    if (known !== undefined && known.version >= row.version) {
      return;
    }
    if (known !== undefined && this.usersByEmail.get(known.email) === known) {
      this.usersByEmail.delete(known.email);
    }
    this.usersById.set(row.id, row);
    this.usersByEmail.set(row.email, row);
  }
}
