import { Injectable } from '@nestjs/common';
import { AccountStateSync } from './account-state.sync.js';
import type { ProjectedUser } from './entities/projected-user.entity.js';

/** Reads users from the projection (a port, so unit tests pass an in-memory fake). */
export abstract class UsersRepository {
  /** By login name; the email is compared lower-cased, as the account service stores it. */
  abstract findByEmail(email: string): Promise<ProjectedUser | null>;
  abstract findById(id: string): Promise<ProjectedUser | null>;
}

/** From this instance's memory, kept current by events (AccountStateSync); no database read. */
@Injectable()
export class InMemoryUsersRepository implements UsersRepository {
  constructor(private readonly sync: AccountStateSync) {}

  findByEmail(email: string): Promise<ProjectedUser | null> {
    return Promise.resolve(this.sync.current().userByEmail(email) ?? null);
  }

  findById(id: string): Promise<ProjectedUser | null> {
    return Promise.resolve(this.sync.current().user(id) ?? null);
  }
}
