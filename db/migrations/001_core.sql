-- Scrutin core schema. One station database serves one election (scrutin): a new
-- consultation starts from a new data folder or database, which keeps every query and
-- every sealed digest about exactly one election.

CREATE TABLE election (
  id smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1),
  code text NOT NULL CHECK (code ~ '^[A-Z0-9]{2,16}$'),
  name text NOT NULL,
  chamber text NOT NULL,
  state text NOT NULL DEFAULT 'SETUP' CHECK (state IN ('SETUP','LISTS_VALIDATED','SEALED','VOTE_CLOSED','EMARGEMENT_LOADED','COUNTING','RESULTS_PROCLAIMED','ARCHIVED','PURGED')),
  definition jsonb NOT NULL,
  definition_digest text NOT NULL,
  barcode_secret bytea NOT NULL,
  vote_opens_at timestamptz NOT NULL,
  vote_closes_at timestamptz NOT NULL,
  appeal_deadline date NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE contest (
  code text PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('CCIR','CCIT')),
  name text NOT NULL
);

CREATE TABLE category (
  code text PRIMARY KEY,
  name text NOT NULL
);

CREATE TABLE subcategory (
  category_code text NOT NULL REFERENCES category,
  code text NOT NULL,
  name text NOT NULL,
  PRIMARY KEY (category_code, code)
);

-- One physical urn per contest × category (× sub-category): seats are attributed there.
CREATE TABLE urn (
  id text PRIMARY KEY,
  contest_code text NOT NULL REFERENCES contest,
  category_code text NOT NULL REFERENCES category,
  subcategory_code text,
  seats integer NOT NULL CHECK (seats > 0),
  label text NOT NULL,
  UNIQUE NULLS NOT DISTINCT (contest_code, category_code, subcategory_code)
);

CREATE TABLE app_user (
  id bigserial PRIMARY KEY,
  login text NOT NULL UNIQUE CHECK (login ~ '^[a-z0-9._-]{2,40}$'),
  display_name text NOT NULL,
  roles text[] NOT NULL,
  password_hash text NOT NULL,
  must_change_password boolean NOT NULL DEFAULT true,
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE session (
  token_hash text PRIMARY KEY,
  user_id bigint NOT NULL REFERENCES app_user,
  csrf_token text NOT NULL,
  station_id text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  ended_at timestamptz
);

-- A scanning station and the bearer token a scanner bridge uses for it.
CREATE TABLE station (
  id text PRIMARY KEY CHECK (id ~ '^[A-Za-z0-9._-]{1,40}$'),
  label text NOT NULL,
  token_hash text UNIQUE,
  agent_id bigint REFERENCES app_user,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE voter (
  id bigserial PRIMARY KEY,
  voter_number text NOT NULL UNIQUE,
  civility text,
  last_name text NOT NULL,
  first_names text NOT NULL,
  birth_date date,
  nationality text,
  voter_type text,
  postal_address text,
  business_address text,
  siren text,
  company_name text
);

-- qualité: one voter × one category/sub-category, with its own postal barcode.
CREATE TABLE voting_right (
  id bigint PRIMARY KEY,
  voter_id bigint NOT NULL REFERENCES voter,
  category_code text NOT NULL REFERENCES category,
  subcategory_code text,
  barcode text NOT NULL UNIQUE,
  line_number integer NOT NULL,
  UNIQUE NULLS NOT DISTINCT (voter_id, category_code, subcategory_code)
);

CREATE TABLE roll_import (
  id bigserial PRIMARY KEY,
  file_name text NOT NULL,
  file_sha256 text NOT NULL,
  rows integer NOT NULL,
  report jsonb NOT NULL,
  imported_by bigint NOT NULL REFERENCES app_user,
  imported_at timestamptz NOT NULL DEFAULT now(),
  validated_by bigint REFERENCES app_user,
  validated_at timestamptz
);

-- Court-ordered withdrawals after validation: recorded, never deleted.
CREATE TABLE right_withdrawal (
  right_id bigint PRIMARY KEY REFERENCES voting_right,
  decision_reference text NOT NULL,
  reason text NOT NULL,
  recorded_by bigint NOT NULL REFERENCES app_user,
  recorded_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE candidate (
  id bigserial PRIMARY KEY,
  urn_id text NOT NULL REFERENCES urn,
  last_name text NOT NULL,
  first_names text NOT NULL,
  sex text NOT NULL CHECK (sex IN ('F','M')),
  birth_date date NOT NULL,
  profession text NOT NULL DEFAULT '',
  titles text NOT NULL DEFAULT '',
  delegation text NOT NULL DEFAULT '',
  grouping text NOT NULL DEFAULT '',
  substitute jsonb,
  entered_by bigint NOT NULL REFERENCES app_user,
  entered_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE candidates_validation (
  id smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1),
  digest text NOT NULL,
  validated_by bigint NOT NULL REFERENCES app_user,
  validated_at timestamptz NOT NULL DEFAULT now()
);

-- Journal: one hash chain per writer (station), anchored together in the 'anchor'
-- chain at every state transition, so that the scanning hall is not serialised on a
-- single chain head (DESIGN.md, Storage: ~2,200/s global chain vs ~7,800/s per station).
CREATE TABLE journal_chain (
  chain_id text PRIMARY KEY,
  seq bigint NOT NULL DEFAULT 0,
  head_hash text NOT NULL
);

CREATE TABLE journal (
  chain_id text NOT NULL REFERENCES journal_chain,
  seq bigint NOT NULL,
  at timestamptz NOT NULL,
  actor_id bigint,
  actor_login text NOT NULL,
  actor_role text NOT NULL,
  station_id text NOT NULL,
  action text NOT NULL,
  payload jsonb NOT NULL,
  payload_digest text NOT NULL,
  -- hash = sha256(previous hash (or the chain id for the first entry) || entry_digest)
  entry_digest text NOT NULL,
  hash text NOT NULL,
  PRIMARY KEY (chain_id, seq)
);

CREATE FUNCTION refuse_change() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'table % en ajout seul : % refusé', TG_TABLE_NAME, TG_OP USING ERRCODE = 'P0001';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER journal_append_only BEFORE UPDATE OR DELETE ON journal
  FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER journal_no_truncate BEFORE TRUNCATE ON journal
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
