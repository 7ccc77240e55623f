import 'reflect-metadata';
import { IS_PUBLIC_KEY, loadConfig } from '@charter/service-kit';
import type { DynamicModule, Type } from '@nestjs/common';
import { GUARDS_METADATA, MODULE_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';
import { describe, expect, it } from 'vitest';
import { AppModule } from '../app.module.js';
import { ContentApiConfig } from '../config/content-api.config.js';
import { RateLimitGuard } from './rate-limit.guard.js';

type ModuleRef = Type | DynamicModule;

/** Every controller the app module reaches through its imports. */
function controllersOf(root: ModuleRef, seen = new Set<unknown>()): Type[] {
  const type = 'module' in root ? root.module : root;
  if (seen.has(root) || seen.has(type)) {
    return [];
  }
  seen.add(root);
  const dynamic = 'module' in root ? root : undefined;
  const read = (key: string): unknown[] => [
    ...((Reflect.getMetadata(key, type) as unknown[] | undefined) ?? []),
    ...(((dynamic as Record<string, unknown> | undefined)?.[key] as unknown[] | undefined) ?? []),
  ];
  return [
    ...(read(MODULE_METADATA.CONTROLLERS) as Type[]),
    ...(read(MODULE_METADATA.IMPORTS) as ModuleRef[]).flatMap((child) =>
      controllersOf(child, seen),
    ),
  ];
}

describe('RateLimitGuard', () => {
  // The limit is a controller guard (after the global token guards), so a data controller
  // that forgot it would serve without one: every controller that needs a token has it.
  it('guards every controller that needs an access token', () => {
    const controllers = controllersOf(AppModule.forRoot(loadConfig(ContentApiConfig, {})));
    const withToken = controllers.filter(
      (controller) => Reflect.getMetadata(IS_PUBLIC_KEY, controller) !== true,
    );
    expect(
      withToken
        .map((controller) => Reflect.getMetadata(PATH_METADATA, controller) as string)
        .sort(),
    ).toEqual(['v1/articles', 'v1/enterprises/:enterpriseId/reports', 'v1/me', 'v1/prices']);
    for (const controller of withToken) {
      expect(
        (Reflect.getMetadata(GUARDS_METADATA, controller) as unknown[] | undefined) ?? [],
        controller.name,
      ).toContain(RateLimitGuard);
    }
  });
});
