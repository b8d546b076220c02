-- Postal scanning and reconciliation with the electronic emargement (articles 13, 14).
-- Every table here is append-only: decisions and corrections are new rows, never edits.

CREATE TABLE seal (
  id smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1),
  election_digest text NOT NULL,
  roll_digest text NOT NULL,
  candidates_digest text NOT NULL,
  software_version text NOT NULL,
  platform_public_key text NOT NULL,
  platform_key_fingerprint text NOT NULL,
  digest text NOT NULL,
  sealed_by bigint REFERENCES app_user,
  sealed_at timestamptz NOT NULL DEFAULT now()
);

-- Any change after sealing needs an oversight-cell approval, printed on the report.
CREATE TABLE change_approval (
  id bigserial PRIMARY KEY,
  description text NOT NULL,
  approved_by bigint NOT NULL REFERENCES app_user,
  approved_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE electronic_emargement (
  right_id bigint PRIMARY KEY REFERENCES voting_right,
  voted_at timestamptz NOT NULL
);

CREATE TABLE emargement_import (
  id smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1),
  file_sha256 text NOT NULL,
  count integer NOT NULL,
  closed_at timestamptz NOT NULL,
  imported_by bigint REFERENCES app_user,
  imported_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE scan (
  id bigserial PRIMARY KEY,
  request_id uuid NOT NULL UNIQUE,
  station_id text NOT NULL,
  agent_id bigint REFERENCES app_user,
  agent_login text NOT NULL,
  mode text NOT NULL CHECK (mode IN ('RECEPTION','EMARGEMENT')),
  barcode text NOT NULL,
  right_id bigint REFERENCES voting_right,
  verdict text NOT NULL,
  defect text,
  answer jsonb NOT NULL,
  scanned_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX scan_right ON scan (right_id);
CREATE INDEX scan_verdict ON scan (verdict);

-- First arrival of each envelope, recorded in reception mode.
CREATE TABLE envelope_reception (
  right_id bigint PRIMARY KEY REFERENCES voting_right,
  scan_id bigint NOT NULL REFERENCES scan,
  received_at timestamptz NOT NULL
);

-- Postal emargement. A right's n-th acceptance carries generation n-1 = the number of
-- its cancelled acceptances, so the primary key allows exactly one live acceptance per
-- right whatever the number of stations, retries or crashes (invariant 1).
CREATE TABLE postal_emargement (
  right_id bigint NOT NULL REFERENCES voting_right,
  generation integer NOT NULL DEFAULT 0,
  scan_id bigint NOT NULL UNIQUE REFERENCES scan,
  emarged_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (right_id, generation)
);

CREATE TABLE emargement_cancellation (
  right_id bigint NOT NULL,
  generation integer NOT NULL,
  decision_id bigint NOT NULL,
  PRIMARY KEY (right_id, generation),
  FOREIGN KEY (right_id, generation) REFERENCES postal_emargement (right_id, generation)
);

-- President's decisions: confirmation of a set-aside envelope, or reversal with a written reason.
CREATE TABLE decision (
  id bigserial PRIMARY KEY,
  scan_id bigint NOT NULL REFERENCES scan,
  kind text NOT NULL CHECK (kind IN ('CONFIRM','ACCEPT','CANCEL_ACCEPTANCE')),
  reason text NOT NULL,
  batch_id bigint,
  decided_by bigint NOT NULL REFERENCES app_user,
  station_id text NOT NULL,
  decided_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX decision_one_confirmation ON decision (scan_id) WHERE kind = 'CONFIRM';

CREATE TABLE incident (
  id bigserial PRIMARY KEY,
  description text NOT NULL,
  reported_by bigint NOT NULL REFERENCES app_user,
  station_id text NOT NULL,
  reported_at timestamptz NOT NULL DEFAULT now()
);

-- Invariant 2 in the database itself: no postal acceptance of a right that voted electronically.
CREATE FUNCTION refuse_dual_emargement() RETURNS trigger AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM electronic_emargement WHERE right_id = NEW.right_id) THEN
    RAISE EXCEPTION 'qualité % déjà émargée électroniquement', NEW.right_id USING ERRCODE = '23P01';
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER postal_emargement_not_electronic BEFORE INSERT ON postal_emargement
  FOR EACH ROW EXECUTE FUNCTION refuse_dual_emargement();

CREATE TRIGGER scan_append_only BEFORE UPDATE OR DELETE ON scan FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER postal_emargement_append_only BEFORE UPDATE OR DELETE ON postal_emargement FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER cancellation_append_only BEFORE UPDATE OR DELETE ON emargement_cancellation FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER decision_append_only BEFORE UPDATE OR DELETE ON decision FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER incident_append_only BEFORE UPDATE OR DELETE ON incident FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER electronic_emargement_append_only BEFORE UPDATE OR DELETE ON electronic_emargement FOR EACH ROW EXECUTE FUNCTION refuse_change();
