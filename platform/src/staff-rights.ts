import { PLATFORM_STAFF_RIGHTS, reservedToRoles, type PlatformStaffAction, type PlatformStaffRole } from '@scrutin/domain/roles.js';

/**
 * « This staff member may do `action` »: null, or the refusal a route gives a wrong role (the same sentence,
 * code FORBIDDEN → 403). Each staff route declares PLATFORM_STAFF_RIGHTS[action] as its `access`, so that a
 * request is refused before the service; the services (and the CLI, which authenticates staff itself and calls
 * them) check here, from the same table.
 */
export function staffRefusal(staff: { role: PlatformStaffRole }, action: PlatformStaffAction): { code: 'FORBIDDEN'; message: string } | null {
  const allowed: readonly string[] = PLATFORM_STAFF_RIGHTS[action];
  return allowed.includes(staff.role) ? null : { code: 'FORBIDDEN', message: reservedToRoles(allowed) };
}
