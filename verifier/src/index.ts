// Public API of @scrutin/verifier: the independent verification of docs/formats/urn.md, rebuilt from the
// published formats on libsodium (ristretto255, Ed25519) and node:crypto (SHA-2). Imports nothing of evote.
export { loadGroup } from './group.js';
export { verify, readCeremonyFolder, normaliseFingerprint, type VerifyRequest, type Verdict } from './verify.js';
export { checkUrnLines, checkUrnText, checkUrnFile, checkUrnFileParallel } from './urn-file.js';
export { parseHeader, merkleRoot, platformKeyFingerprint, repetitionProblems, MISSING_FINAL_NEWLINE, type UrnReport, type UrnAggregate } from './urn.js';
export { verifyCeremony, type CeremonyFolder, type CeremonyReport } from './ceremony.js';
export { verifyTally, discreteLog } from './tally.js';
export { receiptProblems, parseReceiptsFile } from './receipts.js';
export { taggedHash, challenge, canonicalJson } from './hash.js';
