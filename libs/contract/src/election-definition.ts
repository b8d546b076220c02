import { z } from 'zod';
import { calendarDateIn, DEFAULT_TIME_ZONE, frCalendarDate, isTimeZone } from '@scrutin/basics/calendar.js';

const code = z.string().regex(/^[A-Z0-9]{1,10}$/, 'code en majuscules et chiffres (10 caractères au plus)');

export const electionDefinitionSchema = z
  .object({
    code: z.string().regex(/^[A-Z0-9]{2,16}$/, "code d'élection : 2 à 16 majuscules ou chiffres"),
    name: z.string().min(3),
    chamber: z.string().min(3),
    // The PV states where the commission sat (« lieu du dépouillement »); optional so that older definition files still load.
    place: z.string().trim().min(3).optional(),
    // IANA name of the chamber's zone, in which every time is shown and « today » is reckoned (the appeal
    // deadline); optional so that older definition files still load, Europe/Paris when absent.
    timeZone: z
      .string()
      .refine(isTimeZone, { message: 'fuseau horaire inconnu : nom IANA attendu, par exemple « Europe/Paris » ou « America/Martinique »' })
      .optional(),
    voteOpensAt: z.iso.datetime({ offset: true }),
    voteClosesAt: z.iso.datetime({ offset: true }),
    appealDeadline: z.iso.date(),
    categories: z
      .array(
        z.object({
          code,
          name: z.string().min(2),
          subcategories: z.array(z.object({ code, name: z.string().min(2) })).default([]),
        }),
      )
      .min(1),
    contests: z
      .array(
        z.object({
          code,
          kind: z.enum(['CCIR', 'CCIT']),
          name: z.string().min(3),
          seats: z.array(z.object({ category: code, subcategory: code.optional(), seats: z.number().int().positive() })).min(1),
        }),
      )
      .min(1),
  })
  .superRefine((d, ctx) => {
    if (Date.parse(d.voteClosesAt) <= Date.parse(d.voteOpensAt)) {
      ctx.addIssue({ code: 'custom', path: ['voteClosesAt'], message: "la clôture doit suivre l'ouverture du vote" });
    }
    // A deadline for appeals that ends before the vote does could never be met; the comparison is
    // between days of the election's zone, the deadline day itself being open to appeal.
    // zod still runs this refinement when a field above failed its own check (« demain »): no day to compare then.
    const closes = new Date(d.voteClosesAt);
    const zone = d.timeZone !== undefined && isTimeZone(d.timeZone) ? d.timeZone : DEFAULT_TIME_ZONE;
    const closingDay = Number.isNaN(closes.getTime()) ? null : calendarDateIn(closes, zone);
    if (closingDay !== null && d.appealDeadline < closingDay) {
      ctx.addIssue({
        code: 'custom',
        path: ['appealDeadline'],
        message: `le délai de recours (${frCalendarDate(d.appealDeadline)}) ne peut précéder la clôture du vote (${frCalendarDate(closingDay)})`,
      });
    }
    const categories = new Map(d.categories.map((c) => [c.code, c]));
    if (categories.size !== d.categories.length) ctx.addIssue({ code: 'custom', path: ['categories'], message: 'code de catégorie en double' });
    if (new Set(d.contests.map((c) => c.code)).size !== d.contests.length) {
      ctx.addIssue({ code: 'custom', path: ['contests'], message: "code d'élection en double" });
    }
    d.contests.forEach((contest, i) => {
      const seen = new Set<string>();
      contest.seats.forEach((s, j) => {
        const cat = categories.get(s.category);
        const path = ['contests', i, 'seats', j];
        if (!cat) return ctx.addIssue({ code: 'custom', path, message: `catégorie inconnue ${s.category}` });
        if (cat.subcategories.length > 0 && !cat.subcategories.some((sc) => sc.code === s.subcategory)) {
          ctx.addIssue({ code: 'custom', path, message: `sous-catégorie attendue pour ${s.category} (${cat.subcategories.map((x) => x.code).join(', ')})` });
        }
        if (cat.subcategories.length === 0 && s.subcategory) ctx.addIssue({ code: 'custom', path, message: `la catégorie ${s.category} n'a pas de sous-catégorie` });
        const key = `${s.category}/${s.subcategory ?? ''}`;
        if (seen.has(key)) ctx.addIssue({ code: 'custom', path, message: `sièges en double pour ${key}` });
        seen.add(key);
      });
      for (const cat of d.categories) {
        const units = cat.subcategories.length > 0 ? cat.subcategories.map((sc) => `${cat.code}/${sc.code}`) : [`${cat.code}/`];
        for (const u of units) if (!seen.has(u)) ctx.addIssue({ code: 'custom', path: ['contests', i, 'seats'], message: `aucun siège pour ${u.replace(/\/$/, '')} dans ${contest.code}` });
      }
    });
  });

export type ElectionDefinition = z.infer<typeof electionDefinitionSchema>;

/** The zone every time of this election is shown in, and « today » reckoned in (Europe/Paris unless the file names one). */
export const timeZoneOf = (d: Pick<ElectionDefinition, 'timeZone'>): string => d.timeZone ?? DEFAULT_TIME_ZONE;

export type UrnDefinition = {
  id: string;
  contestCode: string;
  categoryCode: string;
  subcategoryCode: string | null;
  seats: number;
  label: string;
};

/** One urn per contest × category (× sub-category): where inner envelopes go and seats are attributed. */
export function urnsOf(d: ElectionDefinition): UrnDefinition[] {
  return d.contests.flatMap((contest) =>
    contest.seats.map((s) => {
      const category = d.categories.find((c) => c.code === s.category)!;
      const sub = category.subcategories.find((sc) => sc.code === s.subcategory);
      return {
        id: `${contest.code}-${s.subcategory ?? s.category}`,
        contestCode: contest.code,
        categoryCode: s.category,
        subcategoryCode: s.subcategory ?? null,
        seats: s.seats,
        label: `${contest.code} — ${category.name}${sub ? `, ${sub.name}` : ''}`,
      };
    }),
  );
}

/** zod issues as French lines: "contests.0.seats : sous-catégorie attendue…". */
export function formatIssues(error: z.ZodError): string[] {
  return error.issues.map((i) => `${i.path.join('.') || '(racine)'} : ${i.message}`);
}
