import type { PlatformRoute } from '../platform-route.js';
import { boardRoutes, healthRoutes } from './public.js';
import { staffRoutes } from './staff.js';
import { voterRoutes } from './voter.js';

/** Every route of the platform's API, in the order they are mounted; the fuzz test walks them. */
export const platformRoutes: PlatformRoute[] = [...healthRoutes, ...voterRoutes, ...boardRoutes, ...staffRoutes];
