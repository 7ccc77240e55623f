import { plainToInstance } from 'class-transformer';
import { getMetadataStorage, type ValidationError, validateSync } from 'class-validator';

/** A configuration failure: one line per variable, naming it and the rule, never the value. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(problems.join('\n'));
    this.name = 'ConfigError';
  }
}

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Parses the environment once into a typed, validated config class. Empty strings
 * count as unset, so a default applies. Throws ConfigError naming each bad variable.
 */
export function loadConfig<T extends object>(schema: new () => T, env: Env): T {
  // Only the variables the schema declares (a default or a rule); nothing else of the environment is kept.
  const declared = new Set<string>([
    ...Object.keys(new schema()),
    ...getMetadataStorage()
      .getTargetValidationMetadatas(schema, '', true, false)
      .map((rule) => rule.propertyName),
  ]);
  const present = Object.fromEntries(
    Object.entries(env).filter(
      (entry): entry is [string, string] =>
        declared.has(entry[0]) && entry[1] !== undefined && entry[1] !== '',
    ),
  );
  const config = plainToInstance(schema, present, { enableImplicitConversion: false });
  const errors = validateSync(config, { whitelist: false, forbidUnknownValues: true });
  if (errors.length > 0) {
    throw new ConfigError(errors.flatMap(describe));
  }
  return config;
}

function describe(error: ValidationError): string[] {
  const rules = Object.values(error.constraints ?? {});
  // class-validator messages start with the property name; keep only the rule.
  const rule = rules
    .map((message) => message.replace(new RegExp(`^${error.property}\\s+`), ''))
    .join('; ');
  return [`${error.property}: ${rule}`];
}

/** Loads config for a process entry point: a bad value stops it with one line per variable. */
export function loadConfigOrExit<T extends object>(schema: new () => T, env: Env): T {
  try {
    return loadConfig(schema, env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`Invalid configuration:\n${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}
