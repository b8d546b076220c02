import { THROTTLE_HORIZON_MS } from '@scrutin/server-kit/store.js';
import { ACCOUNT_POLICY, ADDRESS_POLICY } from './login-limits.js';

test('no policy remembers an attempt beyond the pruning horizon', () => {
  for (const policy of [ACCOUNT_POLICY, ADDRESS_POLICY]) expect(policy.forgetAfterMs).toBeLessThanOrEqual(THROTTLE_HORIZON_MS);
});
