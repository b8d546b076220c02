/**
 * What a read of a barcode is once whatever carried it is removed. Shared by every input path
 * (serial framing, image decoder, keyboard wedge, the dashboard's manual entry) and by the station,
 * which applies it again as the last line of defence. No import: the bridge and the browser use it.
 */

/**
 * The generated barcode of a right (docs/formats/roll.md « generated barcode », barcode.ts):
 * `<election code>-<right number, 7+ digits>-<8 Crockford base32 characters of the MAC>`.
 */
export const GENERATED_BARCODE = /^([A-Z0-9]{2,16})-(\d{7,10})-([0-9A-HJKMNP-TV-Z]{8})$/;

/** An AIM symbology identifier (ISO/IEC 15424: `]C0` Code 128, `]d2` DataMatrix…) that scanners may be set to send first. */
const AIM_IDENTIFIER = /^\][A-Za-z][0-9A-Za-z]/;

/**
 * The one normalisation of a read, whatever brought it (serial scanner, keyboard wedge, camera
 * image, manual entry), applied by each of them and again by the station as the last line of
 * defence: C0 control characters and DEL anywhere (STX/ETX framing, a GS a scanner inserts, a
 * NUL of a bad cable), surrounding whitespace (CR, LF, TAB terminators), then an AIM symbology
 * identifier at the start. A read that upper-cased is a generated barcode (Crockford base32,
 * upper case only) is upper-cased, so that a code typed by hand in lower case is read; any
 * other read keeps its case (a pre-printed barcode may use both). Idempotent. The MAC of a
 * generated barcode still decides whether what remains is the envelope's code.
 */
export function normaliseRead(text: string): string {
  const trimmed = text.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  const bare = AIM_IDENTIFIER.test(trimmed) ? trimmed.slice(3).trim() : trimmed;
  const upper = bare.toUpperCase();
  return upper !== bare && GENERATED_BARCODE.test(upper) ? upper : bare;
}
