import { runCeremony, MANIFEST } from './fixtures.test-helpers.js';
import { decodePoint, encodeScalar } from './group.js';
import { emptyAggregates, partialDecryptWithShare, verifyPartialDecryption } from './tally.js';
import { openShare, sealShare, sealVault } from './vault.js';

const FAST = { logN: 10, r: 8, p: 1 };
const PASSPHRASE = 'phrase secrète du détenteur';

// A holder's share from the key ceremony to its partial decryption (docs/formats/urn.md §2.8, §2.5, §7): what
// the station's unsealing and `scrutin-urn partial-decrypt` both call.
describe('a holder’s share', () => {
  const { key, shares } = runCeremony();
  const verificationKeys = key.verificationKeys.map(decodePoint);
  const ctx = { electionCode: MANIFEST.electionCode, manifestFingerprint: 'f'.repeat(64), merkleRoot: '0'.repeat(64) };
  const aggregates = emptyAggregates(MANIFEST);

  test('sealed, it opens with its passphrase for its ceremony, and nothing else opens it', () => {
    const vault = sealShare(key.ceremonyId, 2, shares[1]!, PASSPHRASE, FAST);
    expect(vault.label).toBe(`share/${key.ceremonyId}/2`);
    expect(openShare(vault, PASSPHRASE, key.ceremonyId)).toEqual({ ok: true, value: { holder: 2, share: encodeScalar(shares[1]!) } });
    expect(openShare(vault, 'une autre phrase secrète', key.ceremonyId)).toEqual({ ok: false, error: 'WRONG_PASSPHRASE' });
    expect(openShare(vault, PASSPHRASE, 'a'.repeat(32))).toEqual({ ok: false, error: 'OTHER_CEREMONY' });
    expect(openShare({ ...vault, label: `transport/${key.ceremonyId}/2` }, PASSPHRASE, key.ceremonyId)).toEqual({ ok: false, error: 'NOT_A_SHARE' });
    // Sealed under holder 3's label, holder 2's content: the vault opens, its content is not what its label says.
    const mislabelled = sealVault(new TextEncoder().encode(JSON.stringify({ ceremonyId: key.ceremonyId, holder: 2, share: encodeScalar(shares[1]!) })), PASSPHRASE, `share/${key.ceremonyId}/3`, FAST);
    expect(openShare(mislabelled, PASSPHRASE, key.ceremonyId)).toEqual({ ok: false, error: 'INCONSISTENT' });
  });

  test('its partial decryption passes the proof check; a share not matching the holder’s verification key makes none', () => {
    const made = partialDecryptWithShare(ctx, 1, encodeScalar(shares[0]!), verificationKeys, aggregates);
    if (!made.ok) throw new Error(made.error);
    expect(verifyPartialDecryption(ctx, verificationKeys, aggregates, made.value).ok).toBe(true);
    expect(partialDecryptWithShare(ctx, 1, encodeScalar(shares[1]!), verificationKeys, aggregates)).toEqual({ ok: false, error: 'NOT_HOLDER_KEY' });
    expect(partialDecryptWithShare(ctx, 1, encodeScalar(0n), verificationKeys, aggregates)).toEqual({ ok: false, error: 'NOT_HOLDER_KEY' });
    expect(partialDecryptWithShare(ctx, 1, 'pas un scalaire', verificationKeys, aggregates)).toEqual({ ok: false, error: 'UNREADABLE' });
  });
});
