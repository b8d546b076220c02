/**
 * The computations of the unsealing (art. 12), pure and free of I/O, so that the station runs them in a
 * worker thread (`offThread`) and keeps answering scans meanwhile: opening a share (scrypt, 128 MiB), a
 * partial decryption with its proofs, checking a partial, combining two and re-verifying the tally take
 * from a fraction of a second to minutes, far over the ~50 ms a request thread may spend.
 *
 * Every input and output is plain data (structured-clone safe): the session as journaled, the holder's
 * share file or partial, and `Result`s whose errors carry a French message.
 */
import {
  buildElectronicTally, openVault, parseHeader, partialDecrypt, verifyPartialDecryption, verifyTally,
  PartialDecryptionSchema, VaultSchema,
  type ElectronicTally as UrnElectronicTally, type PartialDecryption, type UrnCheck, type UrnHeader, type VerifiedHeader,
} from '@scrutin/evote';
import { canonicalJson } from '@scrutin/basics/canonical-json.js';
import { G, decodeScalar } from '@scrutin/evote/group.js';
import { decodeAggregates, type EncodedUrnAggregate } from '@scrutin/evote/tally.js';
import { z } from 'zod';
import { err, ok, type Result } from '@scrutin/basics/result.js';
import type { CountingError, UrnIntegrity } from '@scrutin/contract/counting-types.js';

/** What the unsealing needs once the urn is checked: public data only, kept in the journal. */
export type UnsealingSession = {
  fileSha256: string;
  header: UrnHeader;
  merkleRoot: string;
  ballotCount: number;
  perUrn: Record<string, number>;
  closedAt: string | null;
  aggregates: EncodedUrnAggregate[];
  integrity: UrnIntegrity;
};

/** A holder's contribution: a share file with its passphrase (opened here), or a partial made on their own machine. */
export type ContributionInput = { share: unknown; passphrase: string } | { partial: unknown };

export const refuse = (code: string, message: string, details?: unknown): Result<never, CountingError> => err({ code, message, ...(details === undefined ? {} : { details }) });

/** The verifier's view of a journaled session: the header is re-verified, the aggregates are the checked ones. */
export function verifierView(session: UnsealingSession): { verified: VerifiedHeader; check: UrnCheck } {
  // The journal keeps the header as a JSON value, keys in any order: parseHeader wants its canonical line.
  const v = parseHeader(canonicalJson(session.header));
  if (!v.ok) throw new Error(`en-tête d’urne du journal invalide : ${v.error}`);
  return {
    verified: v.value,
    check: { valid: true, ballotCount: session.ballotCount, perUrn: session.perUrn, merkleRoot: session.merkleRoot, closedAt: session.closedAt, problems: [], aggregates: decodeAggregates(session.aggregates), chain: null },
  };
}

const SharePlainSchema = z.object({ ceremonyId: z.string(), holder: z.number().int().min(1).max(3), share: z.string() });
const SHARE_LABEL = /^share\/([0-9a-f]{32})\/([123])$/;

/**
 * Opens a share in memory and produces the holder's partial decryption with its proof. Neither the
 * share nor the passphrase leaves this function; a share that does not match the holder's published
 * verification key (corrupted, re-sealed, other ceremony) is refused before any use.
 */
export function partialFromShare(session: UnsealingSession, shareFile: unknown, passphrase: string): Result<PartialDecryption, CountingError> {
  const vault = VaultSchema.safeParse(shareFile);
  if (!vault.success) return refuse('BAD_SHARE', 'Ce fichier n’est pas une part de clé chiffrée (format scrutin-vault/1 attendu).');
  const label = SHARE_LABEL.exec(vault.data.label);
  if (!label) return refuse('BAD_SHARE', 'Ce fichier n’est pas une part de clé de scellement.');
  if (label[1] !== session.header.electionKey.ceremonyId) return refuse('WRONG_CEREMONY', 'Cette part vient d’une autre cérémonie des clés que celle de cette urne.');
  const opened = openVault(vault.data, passphrase, vault.data.label);
  if (!opened.ok) return refuse('WRONG_PASSPHRASE', 'Phrase secrète incorrecte ou part altérée : la part n’a pas pu être ouverte.');
  let plain: z.infer<typeof SharePlainSchema> | null = null;
  try {
    const parsed = SharePlainSchema.safeParse(JSON.parse(new TextDecoder().decode(opened.value)));
    plain = parsed.success ? parsed.data : null;
  } catch {
    plain = null;
  } finally {
    opened.value.fill(0);
  }
  if (!plain || plain.holder !== Number(label[2]) || plain.ceremonyId !== label[1]) return refuse('CORRUPTED_SHARE', 'Part de clé incohérente : contenu différent de son étiquette.');
  let share: bigint;
  try {
    share = decodeScalar(plain.share);
  } catch {
    return refuse('CORRUPTED_SHARE', 'Part de clé altérée : valeur illisible.');
  }
  const { verified, check } = verifierView(session);
  if (!G.multiply(share).equals(verified.verificationKeys[plain.holder - 1]!))
    return refuse('CORRUPTED_SHARE', `Cette part ne correspond pas à la clé de vérification publiée du détenteur ${plain.holder} : part altérée ou fausse.`);
  const ctx = { electionCode: session.header.manifest.electionCode, manifestFingerprint: session.header.manifestFingerprint, merkleRoot: session.merkleRoot };
  return ok(partialDecrypt(ctx, plain.holder, share, check.aggregates));
}

/** Checks a partial decryption (made here or on the holder's machine) against its proof. */
export function checkPartial(session: UnsealingSession, input: unknown): Result<PartialDecryption, CountingError> {
  const parsed = PartialDecryptionSchema.safeParse(input);
  if (!parsed.success) return refuse('BAD_PARTIAL', 'Déchiffrement partiel illisible (format scrutin-partial-decryption/1 attendu).');
  const { verified, check } = verifierView(session);
  const ctx = { electionCode: session.header.manifest.electionCode, manifestFingerprint: session.header.manifestFingerprint, merkleRoot: session.merkleRoot };
  const r = verifyPartialDecryption(ctx, verified.verificationKeys, check.aggregates, parsed.data);
  if (!r.ok) return refuse('FORGED_PARTIAL', `Déchiffrement partiel refusé : ${r.error}`);
  return ok(parsed.data);
}

/** Two partials of distinct holders → the tally, combined then re-verified by evote's verifier (pure). */
export function combineSession(session: UnsealingSession, partials: readonly PartialDecryption[]): Result<UrnElectronicTally, string[]> {
  const { verified, check } = verifierView(session);
  const built = buildElectronicTally(verified, check, [...partials]);
  if (!built.ok) return err([built.error]);
  const verdict = verifyTally(verified, check, built.value);
  return verdict.ok ? ok(verdict.value) : err(verdict.error);
}


/**
 * The partial decryption a contribution brings, checked against its proof: made here from a share (then
 * checked like any other, with the same proof the other holders and any verifier will check) or given.
 */
export function contributionPartial(session: UnsealingSession, input: ContributionInput): Result<PartialDecryption, CountingError> {
  if (!('share' in input)) return checkPartial(session, input.partial);
  const made = partialFromShare(session, input.share, input.passphrase);
  return made.ok ? checkPartial(session, made.value) : made;
}

/** A tally made away from the station (`scrutin-urn combine`), re-verified against the checked urn. */
export function verifyTallyFile(session: UnsealingSession, tallyInput: unknown): Result<UrnElectronicTally, CountingError> {
  const { verified, check } = verifierView(session);
  const tally = verifyTally(verified, check, tallyInput);
  return tally.ok ? tally : refuse('TALLY_NOT_VERIFIED', 'Le dépouillement électronique ne correspond pas à cette urne.', tally.error);
}
