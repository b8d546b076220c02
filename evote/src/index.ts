// Public API of @scrutin/evote (isomorphic: nothing here imports node:*; the Node-only worker pool and
// file streaming live in ./node/ and are imported as '@scrutin/evote/node/urn-file.js').
export type { Result, Ok, Err } from '@scrutin/basics/result.js';
export {
  ElectionManifestSchema, UrnDefinitionSchema, ElectionKeySchema, EncodedBallotSchema, UrnHeaderSchema, UrnSealSchema,
  PartialDecryptionSchema, UrnTallySchema, ElectronicTallySchema,
  type ElectionManifest, type UrnDefinition, type ElectionKey, type EncodedBallot, type UrnHeader, type UrnSeal,
  type PartialDecryption, type UrnTally, type ElectronicTally, type EncodedDisjunctiveProof,
} from './schemas.js';
export { manifestFingerprint } from './manifest.js';
export { encryptBallot, type BallotContext, type BallotError } from './ballot.js';
export {
  openCeremony, newTransportKey, createContribution, finalizeHolder, buildElectionKey, verifyElectionKey,
  CeremonySchema, RegistrationSchema, ContributionSchema, FinalizationSchema,
  type Ceremony, type Registration, type Contribution, type Finalization,
} from './dkg.js';
export { sealVault, openVault, sealShare, openShare, VaultSchema, DEFAULT_KDF, type Vault, type ShareVaultRefusal } from './vault.js';
export { makeHeader, sealUrn, sealBallotLines, ballotLine, ballotHash, generatePlatformKey, platformKeyFingerprint, normaliseFingerprint, verifySealSignature, URN_FORMAT } from './urn.js';
export { parseHeader, verifyBallotChunk, finishUrnCheck, checkUrnLines, checkUrnText, verifyTally, type VerifiedHeader, type UrnCheck, type ChunkReport } from './verifier.js';
export { partialDecrypt, partialDecryptWithShare, verifyPartialDecryption, combinePartials, discreteLog, type UrnAggregate, type DecryptionContext, type ShareRefusal } from './tally.js';
export { buildElectronicTally } from './unseal.js';
export { genesisHead, nextBatchHead, chainHeads, chainProblems } from './chain.js';
export { signReceipt, verifyReceipt, receiptInUrnProblems, ReceiptSchema, RECEIPT_FORMAT, type Receipt } from './receipt.js';
export { decodePoint, encodePoint } from './group.js';
