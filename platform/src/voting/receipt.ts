// The receipt's format, signature and check live in evote (docs/formats/platform.md, « Reçu de vote »), so
// that the independent verifier (`scrutin-verify-urn --receipts`) and the platform share one definition.
import { hexToBytes } from '@noble/hashes/utils.js';
import { verifyReceipt as verifyWithKey, type Receipt } from '@scrutin/evote';
import type { Result } from '@scrutin/basics/result.js';

export { signReceipt, RECEIPT_FORMAT, ReceiptSchema as receiptSchema, type Receipt } from '@scrutin/evote';

/** A receipt's form and signature by the platform key (hex); else the French reason, capitalised for the page. */
export function verifyReceipt(input: unknown, publicKeyHex: string): Result<Receipt, string> {
  const r = verifyWithKey(input, hexToBytes(publicKeyHex));
  return r.ok ? r : { ok: false, error: r.error.charAt(0).toUpperCase() + r.error.slice(1) + '.' };
}
