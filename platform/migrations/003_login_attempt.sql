-- Password attempts counted per voter identifier, staff login and address in the database, so that
-- concurrent requests (and several nodes) share one exact count (station/src/domain/login-throttle.ts;
-- docs/platform.md, « Limites de connexion »).
CREATE TABLE platform.login_attempt (
  key text PRIMARY KEY,
  attempts integer NOT NULL CHECK (attempts >= 0),
  last_at timestamptz NOT NULL
);
