/**
 * A namespace keeps streams and subjects of one deployment (or one test run)
 * apart from another's on the same NATS: `t1a2b` turns `accounts.contract.created`
 * into `t1a2b.accounts.contract.created` and stream `ACCOUNTS` into `t1a2b_ACCOUNTS`.
 */
export class EventNamespace {
  constructor(readonly prefix: string) {
    if (!/^[A-Za-z0-9_-]*$/.test(prefix)) {
      throw new Error('event namespace may hold only letters, digits, _ and -');
    }
  }

  subject(subject: string): string {
    return this.prefix === '' ? subject : `${this.prefix}.${subject}`;
  }

  /** The catalogue subject of a namespaced one. */
  unprefixed(subject: string): string {
    return this.prefix === '' ? subject : subject.slice(this.prefix.length + 1);
  }

  stream(name: string): string {
    return this.prefix === '' ? name : `${this.prefix}_${name}`;
  }
}
