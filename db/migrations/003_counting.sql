-- Counting, results, signed reports, freeze (art. 11) and purge (art. 5).
-- Count sheets, validations, tallies and proclamations are append-only: a correction is a new row.

-- Which teller holds which of the two entries of an urn's sheet: two different tellers, in the database.
CREATE TABLE count_slot (
  urn_id text NOT NULL REFERENCES urn,
  entry_number smallint NOT NULL CHECK (entry_number IN (1, 2)),
  teller_id bigint NOT NULL REFERENCES app_user,
  PRIMARY KEY (urn_id, entry_number),
  UNIQUE (urn_id, teller_id)
);

-- Every sheet a teller types; the latest row of a slot is its current entry, earlier ones are corrections.
CREATE TABLE count_entry (
  id bigserial PRIMARY KEY,
  urn_id text NOT NULL,
  entry_number smallint NOT NULL,
  teller_id bigint NOT NULL REFERENCES app_user,
  teller_login text NOT NULL,
  station_id text NOT NULL,
  envelopes_found integer NOT NULL CHECK (envelopes_found >= 0),
  ballots_valid integer NOT NULL CHECK (ballots_valid >= 0),
  ballots_blank integer NOT NULL CHECK (ballots_blank >= 0),
  ballots_null integer NOT NULL CHECK (ballots_null >= 0),
  votes jsonb NOT NULL,
  sheet_digest text NOT NULL,
  reason text,
  entered_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (urn_id, entry_number) REFERENCES count_slot (urn_id, entry_number)
);
CREATE INDEX count_entry_urn ON count_entry (urn_id, entry_number, id);

-- The president's validation once both entries agree and the checks pass (invariant 4: the
-- difference between envelopes found and accepted is kept with its written explanation).
CREATE TABLE count_validation (
  urn_id text PRIMARY KEY REFERENCES urn,
  first_entry_id bigint NOT NULL REFERENCES count_entry,
  second_entry_id bigint NOT NULL REFERENCES count_entry,
  sheet jsonb NOT NULL,
  sheet_digest text NOT NULL,
  envelopes_accepted integer NOT NULL,
  envelopes_found integer NOT NULL,
  difference integer NOT NULL CHECK (difference = envelopes_found - envelopes_accepted),
  note text CHECK (difference = 0 OR length(trim(note)) >= 10),
  validated_by bigint NOT NULL REFERENCES app_user,
  station_id text NOT NULL,
  validated_at timestamptz NOT NULL DEFAULT now()
);

-- One electronic tally for the whole election, all urns at once (invariant 5 checked before insert).
CREATE TABLE electronic_tally_import (
  id smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1),
  source text NOT NULL CHECK (source IN ('FILE', 'UNSEALING')),
  verification text NOT NULL,
  file_sha256 text NOT NULL,
  imported_by bigint NOT NULL REFERENCES app_user,
  imported_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE electronic_tally (
  urn_id text PRIMARY KEY REFERENCES urn,
  ballots integer NOT NULL CHECK (ballots >= 0),
  blank integer NOT NULL CHECK (blank >= 0 AND blank <= ballots),
  votes jsonb NOT NULL
);

-- The commission's signing certificate: PKCS#12 encrypted under its passphrase, never stored in clear.
CREATE TABLE commission_certificate (
  id bigserial PRIMARY KEY,
  source text NOT NULL CHECK (source IN ('GENERATED', 'IMPORTED')),
  p12 bytea NOT NULL,
  certificate_pem text NOT NULL,
  fingerprint text NOT NULL,
  subject text NOT NULL,
  created_by bigint NOT NULL REFERENCES app_user,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- The results as proclaimed: the ReportData in canonical JSON and its digest (what the PV's QR signs).
CREATE TABLE proclamation (
  id smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1),
  report_data text NOT NULL,
  results_digest text NOT NULL,
  proclaimed_by bigint NOT NULL REFERENCES app_user,
  proclaimed_at timestamptz NOT NULL DEFAULT now()
);

-- Every signed document handed out (PV, JSON export), kept so that any copy can be traced.
CREATE TABLE report_document (
  id bigserial PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('PV', 'EXPORT')),
  bytes bytea NOT NULL,
  sha256 text NOT NULL,
  certificate_fingerprint text NOT NULL,
  generated_by bigint NOT NULL REFERENCES app_user,
  generated_at timestamptz NOT NULL DEFAULT now()
);

-- The freeze: the sealed bundle's manifest digest; from the commit of this row on, the database refuses writes.
CREATE TABLE freeze_record (
  id smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1),
  manifest jsonb NOT NULL,
  manifest_sha256 text NOT NULL,
  bundle_path text NOT NULL,
  frozen_by bigint NOT NULL REFERENCES app_user,
  frozen_at timestamptz NOT NULL DEFAULT now(),
  frozen_txid bigint NOT NULL DEFAULT txid_current()
);

CREATE TABLE purge_record (
  id smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1),
  appeal_deadline date NOT NULL,
  voters_anonymised integer NOT NULL,
  manifest_sha256 text NOT NULL,
  purged_by bigint NOT NULL REFERENCES app_user,
  purged_at timestamptz NOT NULL DEFAULT now()
);

CREATE TRIGGER count_entry_append_only BEFORE UPDATE OR DELETE ON count_entry FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER count_slot_append_only BEFORE UPDATE OR DELETE ON count_slot FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER count_validation_append_only BEFORE UPDATE OR DELETE ON count_validation FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER electronic_tally_append_only BEFORE UPDATE OR DELETE ON electronic_tally FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER electronic_tally_import_append_only BEFORE UPDATE OR DELETE ON electronic_tally_import FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER proclamation_append_only BEFORE UPDATE OR DELETE ON proclamation FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER report_document_append_only BEFORE UPDATE OR DELETE ON report_document FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER freeze_record_append_only BEFORE UPDATE OR DELETE ON freeze_record FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER purge_record_append_only BEFORE UPDATE OR DELETE ON purge_record FOR EACH ROW EXECUTE FUNCTION refuse_change();

-- Article 11: once the freeze has committed, every write is refused by the database itself. The
-- freezing transaction still finishes its own writes (same txid). The only way through is the
-- purge of article 5, which sets scrutin.purge for its one transaction (station/src/counting/purge.ts)
-- and is journaled like everything else.
CREATE FUNCTION frozen() RETURNS boolean AS $$
  SELECT EXISTS (SELECT 1 FROM freeze_record WHERE frozen_txid <> txid_current())
    AND coalesce(current_setting('scrutin.purge', true), '') <> 'on';
$$ LANGUAGE sql;

CREATE FUNCTION refuse_after_freeze() RETURNS trigger AS $$
BEGIN
  IF frozen() THEN
    RAISE EXCEPTION 'scrutin figé (article 11) : % sur % refusé', TG_OP, TG_TABLE_NAME USING ERRCODE = 'P0002';
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;

-- After the freeze, the journal still records who opens a session on the frozen station (access
-- to the archive stays traced), and nothing else.
CREATE FUNCTION journal_after_freeze() RETURNS trigger AS $$
BEGIN
  IF frozen() AND NEW.action NOT IN ('session.open', 'session.close', 'session.login_failed', 'journal.anchor') THEN
    RAISE EXCEPTION 'scrutin figé (article 11) : écriture au journal « % » refusée', NEW.action USING ERRCODE = 'P0002';
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER journal_frozen BEFORE INSERT ON journal FOR EACH ROW EXECUTE FUNCTION journal_after_freeze();

-- Every table of the station, present and future through this function: sessions and the journal's
-- chain heads stay writable (see above), and so does the migrations table.
CREATE FUNCTION lock_on_freeze(t regclass) RETURNS void AS $$
BEGIN
  EXECUTE format('CREATE TRIGGER frozen_lock BEFORE INSERT OR UPDATE OR DELETE ON %s FOR EACH STATEMENT EXECUTE FUNCTION refuse_after_freeze()', t);
  EXECUTE format('CREATE TRIGGER frozen_lock_truncate BEFORE TRUNCATE ON %s FOR EACH STATEMENT EXECUTE FUNCTION refuse_after_freeze()', t);
END;
$$ LANGUAGE plpgsql;

DO $$
DECLARE t record;
BEGIN
  FOR t IN SELECT c.oid::regclass AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE c.relkind = 'r' AND n.nspname = current_schema()
             AND c.relname NOT IN ('session', 'journal', 'journal_chain', 'schema_migrations')
  LOOP
    PERFORM lock_on_freeze(t.name);
  END LOOP;
END $$;
