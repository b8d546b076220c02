-- Anonymity batches (issue 14, item 1; docs/threat-model.md, « Urne et émargement »). Ballots and
-- emargements are written by batches of k voters in one transaction each: every row of a batch shares
-- its transaction id, its time and its number, ballots are inserted in a random order independent of
-- the emargements' (sorted by right), so nothing stored tells which ballot of a batch is whose.
-- Each batch is chained (issue 13, item 5): head = H(previous head, number, sorted ballot hashes); the
-- receipt carries it and the closing seal carries the chain, so a ballot dropped after its receipt shows.
CREATE TABLE urn.batch (
  number integer PRIMARY KEY CHECK (number > 0),
  head text NOT NULL CHECK (head ~ '^[0-9a-f]{64}$'),
  -- The batch's time to the minute: the only time the urn keeps besides the day.
  recorded_at timestamptz NOT NULL,
  ballot_count integer NOT NULL CHECK (ballot_count > 0)
);

-- No platform held votes before this version: the default only lets the column be added.
ALTER TABLE urn.ballot ADD COLUMN batch integer NOT NULL DEFAULT 1;
ALTER TABLE urn.ballot ALTER COLUMN batch DROP DEFAULT;

-- Art. 8 and issue 13: a ciphertext is used once in the whole urn. Its first component a = r·G is fresh
-- for every honest encryption; a voter copying another's ciphertext (whole or one choice of it) would make
-- the sealed urn fail verification, so it is refused when cast. Holds no ballot hash: a is already public.
CREATE TABLE urn.ciphertext_component (
  a text PRIMARY KEY
);

CREATE TRIGGER batch_append_only BEFORE UPDATE OR DELETE ON urn.batch FOR EACH ROW EXECUTE FUNCTION platform.refuse_change();
CREATE TRIGGER ciphertext_component_append_only BEFORE UPDATE OR DELETE ON urn.ciphertext_component FOR EACH ROW EXECUTE FUNCTION platform.refuse_change();
GRANT SELECT, INSERT ON urn.batch, urn.ciphertext_component TO scrutin_urn;
