-- Signed journal heads (issue 14, item 3): at each anchor and on the station's timer, the head of the
-- anchor chain is signed with the station's Ed25519 journal key, whose private half lives in a file of the
-- station's data folder, never in the database (station/src/journal/head-seal.ts). `journal verify`
-- checks the journal against the last signed head and against the head printed on a PV.
-- Append-only like the journal, and left writable after the freeze (not passed to lock_on_freeze):
-- anchors of the sessions opened on the frozen station are signed too.
CREATE TABLE journal_signed_head (
  id bigserial PRIMARY KEY,
  chain_id text NOT NULL,
  seq bigint NOT NULL,
  head_hash text NOT NULL,
  signed_at timestamptz NOT NULL,
  public_key text NOT NULL,
  key_fingerprint text NOT NULL,
  signature text NOT NULL,
  UNIQUE (chain_id, seq)
);
CREATE TRIGGER journal_signed_head_append_only BEFORE UPDATE OR DELETE ON journal_signed_head
  FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER journal_signed_head_no_truncate BEFORE TRUNCATE ON journal_signed_head
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();

-- Failed logins journaled per one-minute window, at most a fixed number of entries each; the others are
-- only counted here and summed up once the window is over (auth/login-failures.ts). `summarized`: how
-- many of the failures not journaled one by one a summary entry already counts (a failure that raced the
-- summary is summed up by the next one).
CREATE TABLE login_failure_window (
  window_start timestamptz PRIMARY KEY,
  failures integer NOT NULL,
  journaled integer NOT NULL,
  summarized integer NOT NULL DEFAULT 0
);
