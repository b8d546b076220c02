-- Password attempts counted per key (an account, an address) in the database rather than in one process's
-- memory, so that concurrent requests, and later several processes, share one exact count
-- (station/src/domain/login-throttle.ts; docs/accounts.md).
CREATE TABLE login_attempt (
  key text PRIMARY KEY,
  attempts integer NOT NULL CHECK (attempts >= 0),
  last_at timestamptz NOT NULL
);
