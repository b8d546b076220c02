// Combination step of the unsealing: two partial decryptions (each checked against its holder's
// verification key) become the ElectronicTally the station imports.
import { combinePartials, verifyPartialDecryption } from './tally.js';
import type { VerifiedHeader, UrnCheck } from './verifier.js';
import type { ElectronicTally, PartialDecryption } from './schemas.js';
import { andThen, type Result, ok, err } from '@scrutin/basics/result.js';

export function buildElectronicTally(v: VerifiedHeader, check: UrnCheck, partials: PartialDecryption[]): Result<ElectronicTally, string> {
  if (!check.valid) return err('L’urne ne passe pas la vérification d’intégrité : dépouillement refusé.');
  if (partials.length !== 2) return err('Il faut exactement deux déchiffrements partiels (deux détenteurs sur trois).');
  const [p, q] = partials as [PartialDecryption, PartialDecryption];
  if (p.holder === q.holder) return err('Les deux déchiffrements partiels viennent du même détenteur : deux détenteurs différents sont requis.');
  const ctx = { electionCode: v.header.manifest.electionCode, manifestFingerprint: v.header.manifestFingerprint, merkleRoot: check.merkleRoot };
  const vp = verifyPartialDecryption(ctx, v.verificationKeys, check.aggregates, p);
  if (!vp.ok) return vp;
  const vq = verifyPartialDecryption(ctx, v.verificationKeys, check.aggregates, q);
  if (!vq.ok) return vq;
  return andThen(combinePartials(check.aggregates, [{ holder: p.holder, values: vp.value }, { holder: q.holder, values: vq.value }]), (urns) =>
    ok({
      format: 'scrutin-electronic-tally/1' as const,
      electionCode: ctx.electionCode,
      manifestFingerprint: ctx.manifestFingerprint,
      merkleRoot: check.merkleRoot,
      ballotCount: check.ballotCount,
      holders: [p.holder, q.holder].sort((a, b) => a - b),
      urns,
      partialDecryptions: [p, q].sort((a, b) => a.holder - b.holder),
    }),
  );
}
