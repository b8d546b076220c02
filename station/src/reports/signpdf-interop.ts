/**
 * The @signpdf packages are CommonJS with a `default` export; under Node's ESM loader (tsx, the CLI)
 * and under jest's CommonJS transform the namespace objects differ, so pick the member that exists.
 */
import * as placeholderModule from '@signpdf/placeholder-pdf-lib';
import * as signpdfModule from '@signpdf/signpdf';

type SignPdfLike = { sign(pdf: Buffer, signer: unknown, signingTime?: Date): Promise<Buffer> };

function member<T>(ns: unknown, name: string, test: (v: unknown) => boolean): T {
  const candidates = [ns, (ns as { default?: unknown }).default, (ns as { default?: { default?: unknown } }).default?.default];
  for (const c of candidates) {
    if (c && name in (c as object) && test((c as Record<string, unknown>)[name])) return (c as Record<string, T>)[name]!;
    if (name === '' && c && test(c)) return c as T;
  }
  throw new Error(`@signpdf : membre ${name || 'default'} introuvable`);
}

export const signpdf = member<SignPdfLike>(signpdfModule, '', (v) => typeof (v as SignPdfLike).sign === 'function');
/** The base class signpdf checks with instanceof; a signer must extend this very one. */
export const SignerBase = member<new () => { sign(pdf: Buffer, signingTime?: Date): Promise<Buffer> }>(
  signpdfModule,
  'Signer',
  (v) => typeof v === 'function',
);
export const pdflibAddPlaceholder = member<typeof placeholderModule.pdflibAddPlaceholder>(
  placeholderModule,
  'pdflibAddPlaceholder',
  (v) => typeof v === 'function',
);
