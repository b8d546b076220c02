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
  buildElectronicTally, openShare, parseHeader, partialDecryptWithShare, verifyPartialDecryption, verifyTally,
  PartialDecryptionSchema, VaultSchema,
  type ElectronicTally as UrnElectronicTally, type PartialDecryption, type ShareRefusal, type ShareVaultRefusal, type UrnCheck, type UrnHeader, type VerifiedHeader,
} from '@scrutin/evote';
import { canonicalJson } from '@scrutin/basics/canonical-json.js';
import { decodeAggregates, type EncodedUrnAggregate } from '@scrutin/evote/tally.js';
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

/** The station's refusal of a share vault evote's `openShare` would not open (codes of docs/unsealing.md). */
const VAULT_REFUSALS: Record<ShareVaultRefusal, [code: string, message: string]> = {
  NOT_A_SHARE: ['BAD_SHARE', 'Ce fichier n’est pas une part de clé de scellement.'],
  OTHER_CEREMONY: ['WRONG_CEREMONY', 'Cette part vient d’une autre cérémonie des clés que celle de cette urne.'],
  WRONG_PASSPHRASE: ['WRONG_PASSPHRASE', 'Phrase secrète incorrecte ou part altérée : la part n’a pas pu être ouverte.'],
  INCONSISTENT: ['CORRUPTED_SHARE', 'Part de clé incohérente : contenu différent de son étiquette.'],
};

/** The station's refusal of an opened share evote's `partialDecryptWithShare` would not use. */
const shareRefusal = (reason: ShareRefusal, holder: number): Result<never, CountingError> =>
  reason === 'UNREADABLE'
    ? refuse('CORRUPTED_SHARE', 'Part de clé altérée : valeur illisible.')
    : refuse('CORRUPTED_SHARE', `Cette part ne correspond pas à la clé de vérification publiée du détenteur ${holder} : part altérée ou fausse.`);

/**
 * Opens a share in memory and produces the holder's partial decryption with its proof (evote's `openShare`
 * and `partialDecryptWithShare`). Neither the share nor the passphrase leaves this function; a share that
 * does not match the holder's published verification key (corrupted, re-sealed, other ceremony) is refused
 * before any use.
 */
export function partialFromShare(session: UnsealingSession, shareFile: unknown, passphrase: string): Result<PartialDecryption, CountingError> {
  const vault = VaultSchema.safeParse(shareFile);
  if (!vault.success) return refuse('BAD_SHARE', 'Ce fichier n’est pas une part de clé chiffrée (format scrutin-vault/1 attendu).');
  const opened = openShare(vault.data, passphrase, session.header.electionKey.ceremonyId);
  if (!opened.ok) return refuse(...VAULT_REFUSALS[opened.error]);
  const { verified, check } = verifierView(session);
  const ctx = { electionCode: session.header.manifest.electionCode, manifestFingerprint: session.header.manifestFingerprint, merkleRoot: session.merkleRoot };
  const partial = partialDecryptWithShare(ctx, opened.value.holder, opened.value.share, verified.verificationKeys, check.aggregates);
  return partial.ok ? partial : shareRefusal(partial.error, opened.value.holder);
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
