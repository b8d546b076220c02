import type { StationRoute } from '../station-route.js';
import { adminRoutes } from './admin.js';
import { authRoutes } from './auth.js';
import { countingRoutes } from './counting.js';
import { electionRoutes } from './election.js';
import { scanningRoutes } from './scanning.js';
import { verifyRoutes } from './verify.js';
import { unsealRoutes } from './unseal.js';

/** Every route of the API, in one list, so that the authorisation matrix test can walk it. */
export const allRoutes: StationRoute[] = [...scanningRoutes, ...authRoutes, ...electionRoutes, ...adminRoutes, ...verifyRoutes, ...countingRoutes, ...unsealRoutes];
