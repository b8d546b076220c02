-- Internet voting platform (arrêté du 7 octobre 2016, art. 7 and 8): the voter file and the electronic
-- urn live in separate schemas, each written by its own role, so that nothing in the urn can be linked to a
-- voter. The platform's operations (state, staff accounts, suspension, seal) live in a third schema.

CREATE SCHEMA voter_file;
CREATE SCHEMA urn;
CREATE SCHEMA platform;

-- Loaded once from the station's validated roll and candidates (scrutin-platform load).
CREATE TABLE platform.election (
  id smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1),
  code text NOT NULL,
  name text NOT NULL,
  chamber text NOT NULL,
  opens_at timestamptz NOT NULL,
  closes_at timestamptz NOT NULL,
  -- LOADED → OPENED (credentials issued, voting allowed between the configured times) → FROZEN (sealed, exported)
  state text NOT NULL DEFAULT 'LOADED' CHECK (state IN ('LOADED','OPENED','FROZEN')),
  manifest jsonb NOT NULL,
  election_key jsonb NOT NULL,
  urn_header jsonb NOT NULL,
  load_digest text NOT NULL,
  loaded_at timestamptz NOT NULL DEFAULT now(),
  CHECK (closes_at > opens_at)
);

-- Which urns (contest × category × sub-category) a voting right votes in: one ballot per contest.
CREATE TABLE platform.urn_unit (
  urn_id text PRIMARY KEY,
  contest_code text NOT NULL,
  contest_name text NOT NULL,
  category_code text NOT NULL,
  subcategory_code text,
  label text NOT NULL,
  seats integer NOT NULL CHECK (seats > 0),
  position integer NOT NULL
);

CREATE TABLE platform.candidate (
  urn_id text NOT NULL REFERENCES platform.urn_unit,
  position integer NOT NULL,
  station_id text NOT NULL,
  last_name text NOT NULL,
  first_names text NOT NULL,
  profession text NOT NULL DEFAULT '',
  substitute text,
  PRIMARY KEY (urn_id, position)
);

-- The Ed25519 key that signs receipts, the urn seal and the electronic emargement.
CREATE TABLE platform.signing_key (
  id smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1),
  secret_key text NOT NULL,
  public_key text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE platform.staff (
  id bigserial PRIMARY KEY,
  login text NOT NULL UNIQUE CHECK (login ~ '^[a-z0-9._-]{2,40}$'),
  display_name text NOT NULL,
  role text NOT NULL CHECK (role IN ('admin','oversight_cell')),
  password_hash text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE platform.staff_session (
  token_hash text PRIMARY KEY,
  staff_id bigint NOT NULL REFERENCES platform.staff,
  csrf_token text NOT NULL,
  expires_at timestamptz NOT NULL
);

-- Art. 10: the oversight cell suspends e-voting; voters are invited to vote by post; its decision on the
-- ballots cast before the suspension is recorded when it resumes or closes.
CREATE TABLE platform.suspension (
  id bigserial PRIMARY KEY,
  suspended_at timestamptz NOT NULL,
  suspended_by bigint NOT NULL REFERENCES platform.staff,
  reason text NOT NULL,
  message text NOT NULL,
  resumed_at timestamptz,
  resumed_by bigint REFERENCES platform.staff,
  decision text CHECK (decision IN ('BALLOTS_KEPT','REFERRED_TO_COMMISSION')),
  decision_text text
);
CREATE UNIQUE INDEX one_open_suspension ON platform.suspension ((true)) WHERE resumed_at IS NULL;

CREATE TABLE platform.event (
  seq bigserial PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT now(),
  actor text NOT NULL,
  action text NOT NULL,
  payload jsonb NOT NULL
);

CREATE TABLE platform.closing_seal (
  id smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1),
  body jsonb NOT NULL,
  signature text NOT NULL,
  urn_sha256 text NOT NULL,
  emargement_sha256 text NOT NULL,
  sealed_at timestamptz NOT NULL
);

-- Voter file (art. 7): who may vote, their credentials and the emargement. No ballot here.
CREATE TABLE voter_file.voter (
  id bigint PRIMARY KEY,
  voter_number text NOT NULL UNIQUE,
  civility text,
  last_name text NOT NULL,
  first_names text NOT NULL,
  birth_date date NOT NULL,
  postal_address text NOT NULL DEFAULT '',
  company_name text NOT NULL DEFAULT '',
  identifier text UNIQUE,
  password_hash text,
  credentials_issued_at timestamptz
);

CREATE TABLE voter_file.voting_right (
  id bigint PRIMARY KEY,
  voter_id bigint NOT NULL REFERENCES voter_file.voter,
  category_code text NOT NULL,
  subcategory_code text,
  label text NOT NULL,
  withdrawn boolean NOT NULL DEFAULT false
);
CREATE INDEX voting_right_voter ON voter_file.voting_right (voter_id);

-- One row per right that voted: the primary key is the uniqueness of the vote (art. 11).
CREATE TABLE voter_file.emargement (
  right_id bigint PRIMARY KEY REFERENCES voter_file.voting_right,
  voted_at timestamptz NOT NULL
);

CREATE TABLE voter_file.session (
  token_hash text PRIMARY KEY,
  voter_id bigint NOT NULL REFERENCES voter_file.voter,
  csrf_token text NOT NULL,
  expires_at timestamptz NOT NULL
);

-- Electronic urn (art. 8): encrypted ballots only. The key is the ballot's fingerprint, so listing by key
-- reveals no order of arrival; the day is the only time kept (the receipt carries the exact time).
CREATE TABLE urn.ballot (
  fingerprint text PRIMARY KEY CHECK (fingerprint ~ '^[0-9a-f]{64}$'),
  urn_id text NOT NULL,
  line text NOT NULL,
  cast_on date NOT NULL
);

CREATE FUNCTION platform.refuse_change() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'table % : % refusé (un vote validé ne se modifie pas)', TG_TABLE_NAME, TG_OP USING ERRCODE = 'P0001';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER ballot_append_only BEFORE UPDATE OR DELETE ON urn.ballot FOR EACH ROW EXECUTE FUNCTION platform.refuse_change();
CREATE TRIGGER emargement_append_only BEFORE UPDATE OR DELETE ON voter_file.emargement FOR EACH ROW EXECUTE FUNCTION platform.refuse_change();

-- One role per side. The vote transaction writes the emargement as scrutin_voter_file and the ballot as
-- scrutin_urn (SET LOCAL ROLE), so the statement that touches the urn cannot read the voter file; the
-- public board and the urn export run as scrutin_urn only. Roles are cluster-wide: created once.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'scrutin_voter_file') THEN CREATE ROLE scrutin_voter_file NOLOGIN; END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'scrutin_urn') THEN CREATE ROLE scrutin_urn NOLOGIN; END IF;
END $$;

REVOKE ALL ON SCHEMA voter_file, urn, platform FROM PUBLIC;
GRANT USAGE ON SCHEMA voter_file TO scrutin_voter_file;
GRANT SELECT, INSERT ON ALL TABLES IN SCHEMA voter_file TO scrutin_voter_file;
GRANT USAGE ON SCHEMA urn TO scrutin_urn;
GRANT SELECT, INSERT ON urn.ballot TO scrutin_urn;
GRANT USAGE ON SCHEMA platform TO scrutin_urn, scrutin_voter_file;
GRANT EXECUTE ON FUNCTION platform.refuse_change() TO scrutin_urn, scrutin_voter_file;
