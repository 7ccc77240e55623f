import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC_KEY = 'charter:public';

/** Marks a route that needs no access token (health, discovery, docs). */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC_KEY, true);
