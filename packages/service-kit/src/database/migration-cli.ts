import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { DataSource } from 'typeorm';
import { type DatabaseOptions, openDataSource } from './database.module.js';

/** The SQL that would bring the migrated schema in line with the entities (empty when none). */
export async function pendingSchemaChanges(
  dataSource: DataSource,
): Promise<{ up: string[]; down: string[] }> {
  const sql = await dataSource.driver.createSchemaBuilder().log();
  return {
    up: sql.upQueries.map((query) => query.query),
    down: sql.downQueries.map((query) => query.query).reverse(),
  };
}

function migrationSource(className: string, up: string[], down: string[]): string {
  const statements = (queries: string[]): string =>
    queries
      .map(
        (query) =>
          `    await queryRunner.query(\`${query.replaceAll('\\', '\\\\').replaceAll('`', '\\`')}\`);`,
      )
      .join('\n');
  return `import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ${className} implements MigrationInterface {
  name = '${className}';

  async up(queryRunner: QueryRunner): Promise<void> {
${statements(up)}
  }

  async down(queryRunner: QueryRunner): Promise<void> {
${statements(down)}
  }
}
`;
}

/**
 * An app's `migration:run` and `migration:generate <name>` entry point:
 * runs pending migrations; with `generate`, then writes a migration for whatever
 * the entities still differ by (read it line by line, and add it to the app's list).
 */
export async function runMigrationCommand(
  options: DatabaseOptions,
  args: readonly string[],
  migrationsDir: URL,
  service: string,
): Promise<void> {
  const dataSource = await openDataSource({ ...options, migrate: true });
  try {
    if (args[0] !== 'generate') {
      process.stdout.write(`${service}: migrations are up to date\n`);
      return;
    }
    const name = args[1];
    if (!name || !/^[a-z][a-z0-9-]*$/.test(name)) {
      throw new Error('usage: migration:generate <kebab-case-name>');
    }
    const { up, down } = await pendingSchemaChanges(dataSource);
    if (up.length === 0) {
      process.stdout.write(
        `${service}: the entities match the migrated schema; nothing to generate\n`,
      );
      return;
    }
    const timestamp = Date.now();
    const className = `${name.replace(/(^|-)([a-z0-9])/g, (_m: string, _dash: string, c: string) => c.toUpperCase())}${timestamp}`;
    const file = new URL(`${timestamp}-${name}.ts`, migrationsDir);
    await writeFile(file, migrationSource(className, up, down), { flag: 'wx' });
    process.stdout.write(
      `${service}: wrote ${fileURLToPath(file)}; review it and add ${className} to the app's migrations\n`,
    );
  } finally {
    await dataSource.destroy();
  }
}
