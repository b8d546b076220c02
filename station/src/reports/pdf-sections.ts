/** The content of the procès-verbal, section by section, in French. */
import { rgb, type PDFImage } from 'pdf-lib';
import { CONTENT_WIDTH, Layout, type Cell } from './pdf-layout.js';
import { DEFAULT_TIME_ZONE, formatInstant, frCalendarDate } from '@scrutin/basics/calendar.js';
import { personName, plural } from '@scrutin/basics/french.js';
import { frNumber, frPercent } from './format-fr.js';
import { COMMISSION_ROLE_LABELS, SET_ASIDE_REASON_LABELS, type ReportData, type SetAsideReason, type UrnResult } from './report-data.js';
import { textWidth } from '@scrutin/server-kit/pdf-fonts.js';

const QR_SIZE = 132;

/** A time of the PV in the election's zone, with its offset: in words in the prose, to the second in the lists. */
const when = (data: ReportData, iso: string, style: 'long' | 'list' = 'long') =>
  formatInstant(iso, data.election.timeZone ?? DEFAULT_TIME_ZONE, style === 'long' ? { long: true } : { seconds: true });

export function drawFirstPage(l: Layout, data: ReportData, qr: PDFImage, digestHex: string): void {
  const { mono } = l;
  const right = Layout.MARGIN_X + CONTENT_WIDTH;
  const qrTop = l.y;
  l.page.drawImage(qr, { x: right - QR_SIZE, y: qrTop - QR_SIZE, width: QR_SIZE, height: QR_SIZE });
  l.text(right - QR_SIZE, qrTop - QR_SIZE - 9, 'Empreinte signée des résultats (SHA-256) :', { size: 6.5, width: QR_SIZE, align: 'center' });
  for (let i = 0; i < 4; i++) {
    const part = digestHex.slice(i * 16, i * 16 + 16);
    const w = textWidth(mono, part, 7.5);
    l.page.drawText(part, { x: right - QR_SIZE / 2 - w / 2, y: qrTop - QR_SIZE - 19 - i * 9, size: 7.5, font: mono });
  }

  const leftWidth = CONTENT_WIDTH - QR_SIZE - 14;
  l.space(4);
  l.paragraph('PROCÈS-VERBAL', { size: 20, bold: true, width: leftWidth });
  l.paragraph('DES OPÉRATIONS DE DÉPOUILLEMENT', { size: 12, bold: true, width: leftWidth });
  l.paragraph('ET DE PROCLAMATION DES RÉSULTATS', { size: 12, bold: true, width: leftWidth });
  l.space(6);
  l.paragraph(data.election.name, { size: 11, bold: true, width: leftWidth });
  l.paragraph(data.election.chamber, { size: 10, width: leftWidth });
  l.space(6);
  l.paragraph(
    'Commission d’organisation des élections siégeant en bureau de vote (arrêté du 7 octobre 2016 relatif au vote électronique ' +
      'et par correspondance pour l’élection des membres des chambres de commerce et d’industrie).',
    { size: 8.5, width: leftWidth },
  );
  l.y = Math.min(l.y, qrTop - QR_SIZE - 56);

  l.heading('Scrutin', 2);
  l.fields([
    ['Code du scrutin', data.election.code],
    ['Lieu du dépouillement', data.election.place],
    ['Ouverture du vote', when(data, data.election.votingOpensAt)],
    ['Clôture du vote', when(data, data.election.votingClosesAt)],
    ['Début du dépouillement', when(data, data.election.countingStartedAt)],
    ['Procès-verbal établi le', when(data, data.generatedAt)],
    ['Élections', data.contests.map((c) => c.name).join(' ; ')],
  ]);

  const p = data.participation;
  const voters = p.postalAccepted + p.electronicVoters;
  l.heading('Participation', 2);
  l.table(
    [
      { title: 'Qualités inscrites', width: 1, align: 'right' },
      { title: 'Votes par correspondance', width: 1.2, align: 'right' },
      { title: 'Votes électroniques', width: 1.1, align: 'right' },
      { title: 'Votants', width: 0.9, align: 'right' },
      { title: 'Participation', width: 0.9, align: 'right' },
    ],
    [[frNumber(p.registeredRights), frNumber(p.postalAccepted), frNumber(p.electronicVoters), frNumber(voters), frPercent(voters, p.registeredRights)]],
  );

  l.heading('Scellement de la station', 2);
  l.fields([
    ['Scellée le', when(data, data.seal.sealedAt)],
    ['Scellée par', data.seal.sealedBy],
    ['Version du logiciel', data.seal.softwareVersion],
    ['Clé de la plateforme de vote', data.seal.platformKeyFingerprint],
    ...(data.seal.commissionCertificateFingerprint
      ? [['Certificat de la commission (SHA-256 du certificat DER)', data.seal.commissionCertificateFingerprint] as [string, string]]
      : []),
    ...data.seal.digests.map((d): [string, string] => [d.label, d.sha256]),
  ]);
  l.heading('Journal des opérations', 2);
  l.fields([
    ['Entrées du journal', frNumber(data.journal.entries)],
    ['Empreinte de tête du journal', data.journal.headHash],
    ...signedHeadFields(data),
  ]);
  l.paragraph(
    'Le présent procès-verbal est signé électroniquement par la commission. Le QR code porte l’empreinte SHA-256 des résultats ' +
      'joints au document (fichier resultats.json) et sa signature ; la commande « scrutin verify » et la page de vérification ' +
      'contrôlent l’une et l’autre.',
    { size: 7.5 },
  );
}

/** The last signed journal head, which `scrutin journal verify --pv` checks the station's journal against. */
function signedHeadFields(data: ReportData): [string, string][] {
  const h = data.journal.signedHead;
  if (!h) return [['Tête signée du journal', 'aucune']];
  return [
    ['Tête signée du journal', `chaîne ${h.chainId}, entrée n° ${frNumber(h.seq)}, signée le ${when(data, h.signedAt)}`],
    ['Empreinte de la tête signée', h.headHash],
    ['Clé du poste (empreinte)', h.keyFingerprint],
  ];
}

function outcomesTable(l: Layout, urn: UrnResult): void {
  const row = (label: string, key: 'ballots' | 'valid' | 'blank' | 'null'): Cell[] => [
    label,
    frNumber(urn.postal[key]),
    frNumber(urn.electronic[key]),
    { text: frNumber(urn.combined[key]), bold: true },
  ];
  l.table(
    [
      { title: '', width: 2.2 },
      { title: 'Correspondance', width: 1, align: 'right' },
      { title: 'Électronique', width: 1, align: 'right' },
      { title: 'Total', width: 1, align: 'right' },
    ],
    [row('Votants (enveloppes / bulletins électroniques)', 'ballots'), row('Suffrages exprimés (bulletins valables)', 'valid'), row('Bulletins blancs', 'blank'), row('Bulletins nuls', 'null')],
  );
}

function reconciliationText(urn: UrnResult): string {
  const r = urn.reconciliation;
  const base = `Rapprochement : ${plural(r.envelopesFound, 'enveloppe trouvée', 'enveloppes trouvées', frNumber)} dans l’urne pour ${plural(r.envelopesAccepted, 'pli accepté', 'plis acceptés', frNumber)} au scanner`;
  if (r.difference === 0) return `${base} : concordance.`;
  return `${base} : écart de ${r.difference > 0 ? '+' : ''}${r.difference}. Observation : ${r.note ?? '(aucune observation saisie)'}`;
}

export function drawResults(l: Layout, data: ReportData): void {
  for (const contest of data.contests) {
    l.newPage();
    l.heading(contest.name, 1);
    l.paragraph(`Scrutin majoritaire plurinominal à un tour (article L.713-16 du Code de commerce). Code : ${contest.code}.`, { size: 8.5 });
    for (const urn of contest.urns) {
      // An urn's block (heading, counts, candidates) stays on one page whenever one page can hold it.
      l.keepTogether(120 + (urn.candidates.length + 1) * 13.5);
      l.heading(`${urn.label} — ${urn.seats} siège${urn.seats > 1 ? 's' : ''} à pourvoir`, 2);
      l.paragraph(`Qualités inscrites : ${frNumber(urn.registeredRights)} — participation : ${frPercent(urn.combined.ballots, urn.registeredRights)}`, { size: 8.5 });
      outcomesTable(l, urn);
      l.paragraph(reconciliationText(urn), { size: 8.5, bold: urn.reconciliation.difference !== 0 });
      l.space(3);
      l.table(
        [
          // Widths in points at 8.5 pt DejaVu Sans Condensed: Résultat holds « Élu(e) au bénéfice de l’âge », Né(e) le
          // a whole date, Total « 99 999 » in bold and each header its title on one line; names wrap rather than lose letters.
          { title: 'Rang', width: 28.5, align: 'right' },
          { title: 'Nom', width: 72 },
          { title: 'Prénoms', width: 64 },
          { title: 'Né(e) le', width: 51 },
          { title: 'Correspondance', width: 77, align: 'right' },
          { title: 'Électronique', width: 61, align: 'right' },
          { title: 'Total', width: 35.5, align: 'right' },
          { title: 'Résultat', width: 122 },
        ],
        urn.candidates.map((c) => [
          String(c.rank),
          { text: c.lastName.toLocaleUpperCase('fr-FR'), bold: c.elected },
          c.firstNames,
          frCalendarDate(c.birthDate),
          frNumber(c.postalVotes),
          frNumber(c.electronicVotes),
          { text: frNumber(c.combinedVotes), bold: true },
          { text: c.elected ? (c.tieBrokenByAge ? 'Élu(e) au bénéfice de l’âge' : 'Élu(e)') : urn.drawOfLots?.candidateIds.includes(c.id) ? 'Tirage au sort' : '', bold: c.elected },
        ]),
        { caption: `${contest.name} — ${urn.label} (suite)` },
      );
      if (urn.drawOfLots)
        l.paragraph(
          `Égalité de voix entre candidats nés le même jour : ${plural(urn.drawOfLots.seats, 'siège attribué', 'sièges attribués')} par tirage au sort de la commission, consigné ci-après.`,
          { size: 8.5, bold: true },
        );
    }
  }
}

export function drawElected(l: Layout, data: ReportData): void {
  l.newPage();
  l.heading('Proclamation des élus', 1);
  for (const contest of data.contests) {
    l.heading(contest.name, 2);
    const rows: Cell[][] = [];
    for (const urn of contest.urns)
      for (const c of urn.candidates.filter((c) => c.elected))
        rows.push([urn.label, { text: personName(c.lastName, c.firstNames), bold: true }, frNumber(c.combinedVotes), c.tieBrokenByAge ? 'au bénéfice de l’âge' : '']);
    l.table(
      [
        { title: 'Catégorie — sous-catégorie', width: 2 },
        { title: 'Élu(e)', width: 2 },
        { title: 'Voix', width: 0.6, align: 'right' },
        { title: 'Observation', width: 1.3 },
      ],
      rows,
    );
  }
}

function drawCorrections(l: Layout, data: ReportData, title: string, corrections: ReportData['corrections'], none: string): void {
  l.heading(title, 1);
  if (corrections.length === 0) l.paragraph(none);
  for (const c of corrections) {
    l.paragraph(`${when(data, c.at, 'list')} — ${c.by} (${c.station}) — ${c.subject}`, { bold: true, size: 8.5 });
    l.paragraph(`Avant : ${c.before} ; après : ${c.after}. Motif : ${c.reason}`, { size: 8.5, indent: 12 });
  }
}

export function drawEvents(l: Layout, data: ReportData): void {
  drawCorrections(l, data, 'Corrections décidées par le président', data.corrections, 'Aucune décision du président.');
  // A teller correcting an entry is no decision of the president: its own section, under its own title.
  drawCorrections(l, data, 'Corrections de saisie des feuilles de dépouillement (assesseurs)', data.sheetCorrections, 'Aucune correction de saisie.');
  l.heading('Incidents', 1);
  if (data.incidents.length === 0) l.paragraph('Aucun incident.');
  for (const i of data.incidents) {
    l.paragraph(`${when(data, i.at, 'list')} — ${i.by} (${i.station})`, { bold: true, size: 8.5 });
    l.paragraph(`${i.description} Suite donnée : ${i.action || '—'}`, { size: 8.5, indent: 12 });
  }
  l.heading('Interventions approuvées par la cellule de contrôle après scellement', 1);
  if (data.oversightApprovals.length === 0) l.paragraph('Aucune intervention.');
  for (const a of data.oversightApprovals) l.paragraph(`${when(data, a.at, 'list')} — ${a.by} — ${a.subject} : ${a.decision}`, { size: 8.5 });
}

export function drawSignatures(l: Layout, data: ReportData): void {
  l.heading('Signatures', 1);
  l.paragraph('Fait et clos les jour, mois et an susdits. Les membres de la commission ont signé le présent procès-verbal.', { size: 8.5 });
  l.space(6);
  for (const member of data.commission) {
    // The name runs on several lines rather than lose letters: it is who signs.
    const names = l.wrap(member.name, l.regular, 9, 240);
    const height = Math.max(48, 26 + 11 * names.length);
    l.ensure(height);
    l.text(Layout.MARGIN_X, l.y - 10, COMMISSION_ROLE_LABELS[member.role], { size: 8.5, bold: true });
    names.forEach((line, i) => l.text(Layout.MARGIN_X, l.y - 22 - 11 * i, line, { size: 9 }));
    l.text(Layout.MARGIN_X + 250, l.y - 10, 'Signature :', { size: 8 });
    l.page.drawRectangle({ x: Layout.MARGIN_X + 300, y: l.y - 40, width: CONTENT_WIDTH - 300, height: 36, borderWidth: 0.5, borderColor: rgb(0.4, 0.4, 0.4) });
    l.y -= height;
  }
}

export function drawAnnexes(l: Layout, data: ReportData): void {
  l.newPage();
  l.heading('Annexe 1 — Plis mis à part, par motif', 1);
  const byReason = new Map<SetAsideReason, ReportData['setAside']>();
  for (const s of data.setAside) byReason.set(s.reason, [...(byReason.get(s.reason) ?? []), s]);
  const reasons = (Object.keys(SET_ASIDE_REASON_LABELS) as SetAsideReason[]).filter((r) => byReason.has(r));
  l.paragraph('Ces plis sont conservés non ouverts et annexés au présent procès-verbal.', { size: 8.5 });
  l.table(
    [
      { title: 'Motif', width: 4 },
      { title: 'Nombre', width: 1, align: 'right' },
    ],
    [...reasons.map((r) => [SET_ASIDE_REASON_LABELS[r], frNumber(byReason.get(r)!.length)]), [{ text: 'Total', bold: true }, { text: frNumber(data.setAside.length), bold: true }]],
  );
  for (const reason of reasons) {
    const list = [...byReason.get(reason)!].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
    l.heading(`${SET_ASIDE_REASON_LABELS[reason]} (${frNumber(list.length)})`, 2);
    l.table(
      [
        // Shares of 511 pt at 7.5 pt: a 24-character barcode, a time to the second with its offset
        // (« 01/12/2026 à 15:15:38 UTC+10 ») on one line; a longer precision wraps.
        { title: 'N°', width: 0.5, align: 'right' },
        { title: 'Code-barres du pli', width: 1.6 },
        { title: 'Poste', width: 0.6 },
        { title: 'Horodatage', width: 1.6 },
        { title: 'Précision', width: 2.1 },
      ],
      list.map((s, i) => [String(i + 1), s.barcode, s.station, when(data, s.at, 'list'), s.detail ?? '']),
      { size: 7.5, rowHeight: 11, caption: `${SET_ASIDE_REASON_LABELS[reason]} (suite)` },
    );
  }

  l.newPage();
  l.heading('Annexe 2 — Doubles votes (vote électronique retenu)', 1);
  l.paragraph(
    'Électeurs ayant voté par internet dont un pli de vote par correspondance a été reçu : seul le vote électronique est pris en compte ' +
      '(article R.713-64 du Code de commerce) ; le pli est mis à part sans être ouvert, sur confirmation du président.',
    { size: 8.5 },
  );
  if (data.dualVotes.length === 0) l.paragraph('Aucun double vote.');
  else
    l.table(
      [
        // Each time to the second with its offset on one line; a long name wraps.
        { title: 'Code-barres du pli', width: 1.6 },
        { title: 'Vote électronique', width: 1.6 },
        { title: 'Pli scanné', width: 1.6 },
        { title: 'Poste', width: 0.6 },
        { title: 'Confirmé par', width: 1.6 },
      ],
      data.dualVotes.map((d) => [d.barcode, when(data, d.electronicVotedAt, 'list'), when(data, d.scannedAt, 'list'), d.station, d.confirmedBy]),
      { size: 7.5, rowHeight: 11, caption: 'Annexe 2 — Doubles votes (suite)' },
    );
}
