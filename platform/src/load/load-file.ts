import { z } from 'zod';
import { normaliseRollText, textProblemMessage } from '@scrutin/basics/text.js';
import { isTimeZone } from '@scrutin/basics/calendar.js';

export const LOAD_FORMAT = 'scrutin-plateforme-chargement/1';

const date = z.iso.date();

/**
 * A name or address as the letters print it: normalised as at the station's roll import (NFC, Unicode spaces,
 * invisible marks removed; control and bidirectional characters refused, naming the field in French), so
 * that a load file made by another tool gets the same guarantee (issue 12).
 */
const rollText = (label: string, options: { multiline?: boolean; required?: boolean } = {}) =>
  z
    .string()
    .transform((value, ctx) => {
      const text = normaliseRollText(value, options.multiline);
      if (text.ok) return text.value;
      ctx.addIssue({ code: 'custom', message: textProblemMessage(text.error, label) });
      return z.NEVER;
    })
    .pipe(options.required ? z.string().min(1, `${label} manquant`) : z.string());

/** docs/formats/platform.md — what the platform takes from the station's validated roll and candidates. */
export const loadFileSchema = z.object({
  format: z.literal(LOAD_FORMAT),
  electionCode: z.string().regex(/^[A-Z0-9]{2,16}$/),
  name: z.string().min(1),
  chamber: z.string().min(1),
  opensAt: z.iso.datetime({ offset: true }),
  closesAt: z.iso.datetime({ offset: true }),
  // The election's IANA zone (letters, a ballot's day); absent from files written before it existed: Europe/Paris.
  timeZone: z.string().refine(isTimeZone, { message: 'fuseau horaire inconnu : nom IANA attendu, par exemple « Europe/Paris »' }).optional(),
  rollSha256: z.string(),
  candidatesDigest: z.string(),
  urns: z
    .array(
      z.object({
        id: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/),
        contestCode: z.string().min(1),
        contestName: z.string().min(1),
        categoryCode: z.string().min(1),
        subcategoryCode: z.string().nullable(),
        label: z.string().min(1),
        seats: z.number().int().positive(),
        candidates: z
          .array(z.object({ id: z.string(), lastName: z.string().min(1), firstNames: z.string().min(1), profession: z.string(), substitute: z.string().nullable() }))
          .min(1),
      }),
    )
    .min(1),
  voters: z.array(
    z.object({
      id: z.number().int().positive(),
      voterNumber: z.string().min(1),
      civility: rollText('civilité').nullable(),
      lastName: rollText('nom', { required: true }),
      firstNames: rollText('prénoms', { required: true }),
      birthDate: date,
      postalAddress: rollText('adresse postale', { multiline: true }),
      companyName: rollText('entreprise'),
      rights: z
        .array(z.object({ id: z.number().int().positive(), categoryCode: z.string(), subcategoryCode: z.string().nullable(), label: z.string(), withdrawn: z.boolean() }))
        .min(1),
    }),
  ),
});
export type LoadFile = z.infer<typeof loadFileSchema>;
export type LoadUrn = LoadFile['urns'][number];
