-- Signer pinning (issue 14, item 2): the commission's certificate is made before sealing and its
-- fingerprint (SHA-256 of the DER certificate, lower-case hex) is recorded in the seal; every verifier
-- compares a document's signer with it. NULL only for stations sealed before this migration.
ALTER TABLE seal ADD COLUMN commission_certificate_fingerprint text
  CHECK (commission_certificate_fingerprint ~ '^[0-9a-f]{64}$');

-- After sealing, no other certificate may be stored (a second row would become « the current one »),
-- and the seal itself is never rewritten: the pinned fingerprint stays the one recorded at sealing.
CREATE FUNCTION refuse_certificate_after_seal() RETURNS trigger AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM seal) THEN
    RAISE EXCEPTION 'poste scellé : le certificat de la commission ne peut plus changer' USING ERRCODE = 'P0001';
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER commission_certificate_before_seal BEFORE INSERT ON commission_certificate
  FOR EACH ROW EXECUTE FUNCTION refuse_certificate_after_seal();
CREATE TRIGGER seal_unchanged BEFORE UPDATE OR DELETE ON seal FOR EACH ROW EXECUTE FUNCTION refuse_change();
