import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ProjectedUser } from './entities/projected-user.entity.js';

/** Reads users from the projection (a port, so unit tests pass an in-memory fake). */
export abstract class UsersRepository {
  /** By login name; the email is compared lower-cased, as the account service stores it. */
  abstract findByEmail(email: string): Promise<ProjectedUser | null>;
  abstract findById(id: string): Promise<ProjectedUser | null>;
}

@Injectable()
export class TypeOrmUsersRepository implements UsersRepository {
  constructor(private readonly dataSource: DataSource) {}

  findByEmail(email: string): Promise<ProjectedUser | null> {
    return this.dataSource
      .getRepository(ProjectedUser)
      .findOneBy({ email: email.trim().toLowerCase() });
  }

  findById(id: string): Promise<ProjectedUser | null> {
    if (!UUID.test(id)) {
      // Not a user id (a client's own subject, a malformed value): no query with a bad uuid.
      return Promise.resolve(null);
    }
    return this.dataSource.getRepository(ProjectedUser).findOneBy({ id });
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
