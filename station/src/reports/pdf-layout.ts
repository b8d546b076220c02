/**
 * A minimal flowing layout over pdf-lib: A4 pages, a cursor, wrapped paragraphs and tables that break
 * across pages with their header repeated. Header and footer are drawn at the end, once the page
 * count is known (« page 3 / 12 »).
 */
import type { PDFFont, PDFPage} from 'pdf-lib';
import { PDFDocument, rgb } from 'pdf-lib';
import { embedPdfFonts, textWidth } from '@scrutin/server-kit/pdf-fonts.js';

export const A4: [number, number] = [595.28, 841.89];
const MARGIN_X = 42;
const TOP = A4[1] - 58;
const BOTTOM = 52;
export const CONTENT_WIDTH = A4[0] - 2 * MARGIN_X;

export type Align = 'left' | 'right' | 'center';
/** `wrap` lets a cell run on several lines (the row grows) instead of being cut with « … ». */
export type Column = { title: string; width: number; align?: Align; wrap?: boolean };
export type Cell = string | { text: string; bold?: boolean };

const GREY = rgb(0.93, 0.93, 0.93);
const LINE = rgb(0.6, 0.6, 0.6);
const BLACK = rgb(0, 0, 0);

export class Layout {
  readonly doc: PDFDocument;
  readonly regular: PDFFont;
  readonly bold: PDFFont;
  readonly mono: PDFFont;
  page!: PDFPage;
  y = TOP;
  private readonly supported: Set<number>;

  private constructor(doc: PDFDocument, regular: PDFFont, bold: PDFFont, mono: PDFFont) {
    this.doc = doc;
    this.regular = regular;
    this.bold = bold;
    this.mono = mono;
    this.supported = new Set(regular.getCharacterSet());
    this.newPage();
  }

  static async create(): Promise<Layout> {
    const doc = await PDFDocument.create();
    // Embedded Unicode subsets, not the WinAnsi standard fonts: a roll name such as DVOŘÁK must print as such (issue 12).
    const { regular, bold, mono } = await embedPdfFonts(doc, ['regular', 'bold', 'mono']);
    return new Layout(doc, regular, bold, mono);
  }

  /** A character the font lacks (a CJK name, say) would make pdf-lib throw; a name from the roll must never break the PV. */
  clean(text: string): string {
    let out = '';
    for (const ch of text.normalize('NFC')) out += this.supported.has(ch.codePointAt(0)!) ? ch : '?';
    return out;
  }

  newPage(): void {
    this.page = this.doc.addPage(A4);
    this.y = TOP;
  }

  ensure(height: number): void {
    if (this.y - height < BOTTOM) this.newPage();
  }

  /** Starts a new page when `height` does not fit here but fits on a fresh page. */
  keepTogether(height: number): void {
    if (this.y - height < BOTTOM && TOP - height >= BOTTOM) this.newPage();
  }

  space(height: number): void {
    this.y -= height;
  }

  fit(text: string, font: PDFFont, size: number, width: number): string {
    let t = this.clean(text);
    if (textWidth(font, t, size) <= width) return t;
    while (t.length > 1 && textWidth(font, `${t}…`, size) > width) t = t.slice(0, -1);
    return `${t}…`;
  }

  wrap(text: string, font: PDFFont, size: number, width: number): string[] {
    const lines: string[] = [];
    for (const paragraph of this.clean(text).split('\n')) {
      let line = '';
      for (const word of paragraph.split(' ')) {
        // A line may also end after a hyphen: compound names (« Orsini-Valat ») are common on the roll.
        word.split(/(?<=-)/).forEach((part, i) => {
          const candidate = line ? `${line}${i === 0 ? ' ' : ''}${part}` : part;
          if (textWidth(font, candidate, size) <= width || !line) line = candidate;
          else {
            lines.push(line);
            line = part;
          }
        });
      }
      lines.push(line);
    }
    return lines.map((l) => this.fit(l, font, size, width));
  }

  text(x: number, y: number, text: string, opts: { size?: number; bold?: boolean; width?: number; align?: Align } = {}): void {
    const size = opts.size ?? 9;
    const font = opts.bold ? this.bold : this.regular;
    const t = opts.width ? this.fit(text, font, size, opts.width) : this.clean(text);
    let dx = 0;
    if (opts.width && opts.align && opts.align !== 'left') {
      const free = opts.width - textWidth(font, t, size);
      dx = opts.align === 'right' ? free : free / 2;
    }
    this.page.drawText(t, { x: x + dx, y, size, font, color: BLACK });
  }

  heading(text: string, level: 1 | 2 | 3 = 1): void {
    const size = level === 1 ? 14 : level === 2 ? 11.5 : 10;
    this.ensure(size + 40);
    this.space(level === 1 ? 10 : 6);
    this.text(MARGIN_X, this.y - size, text, { size, bold: true, width: CONTENT_WIDTH });
    this.y -= size + 4;
    if (level === 1) {
      this.page.drawLine({ start: { x: MARGIN_X, y: this.y }, end: { x: MARGIN_X + CONTENT_WIDTH, y: this.y }, thickness: 0.8, color: LINE });
      this.y -= 6;
    } else this.y -= 2;
  }

  paragraph(text: string, opts: { size?: number; bold?: boolean; indent?: number; width?: number } = {}): void {
    const size = opts.size ?? 9;
    const indent = opts.indent ?? 0;
    const font = opts.bold ? this.bold : this.regular;
    for (const line of this.wrap(text, font, size, (opts.width ?? CONTENT_WIDTH) - indent)) {
      this.ensure(size + 3);
      this.page.drawText(line, { x: MARGIN_X + indent, y: this.y - size, size, font, color: BLACK });
      this.y -= size + 3;
    }
  }

  /** Label/value pairs on two columns, for identities and digests. */
  fields(pairs: [string, string][], labelWidth = 170): void {
    for (const [label, value] of pairs) {
      const labels = this.wrap(label, this.bold, 9, labelWidth - 6);
      const lines = this.wrap(value, this.regular, 9, CONTENT_WIDTH - labelWidth);
      const height = 12 * Math.max(labels.length, lines.length);
      this.ensure(height);
      labels.forEach((line, i) => this.page.drawText(line, { x: MARGIN_X, y: this.y - 9 - 12 * i, size: 9, font: this.bold }));
      lines.forEach((line, i) => this.page.drawText(line, { x: MARGIN_X + labelWidth, y: this.y - 9 - 12 * i, size: 9, font: this.regular }));
      this.y -= height;
    }
  }

  /** `caption` is repeated above the header on every page the table continues on. */
  table(columns: Column[], rows: Cell[][], opts: { size?: number; rowHeight?: number; caption?: string } = {}): void {
    const size = opts.size ?? 8.5;
    const rowHeight = opts.rowHeight ?? size + 5;
    const scale = CONTENT_WIDTH / columns.reduce((s, c) => s + c.width, 0);
    const widths = columns.map((c) => c.width * scale);
    const drawHeader = () => {
      this.page.drawRectangle({ x: MARGIN_X, y: this.y - rowHeight, width: CONTENT_WIDTH, height: rowHeight, color: GREY });
      let x = MARGIN_X;
      columns.forEach((c, i) => {
        this.text(x + 3, this.y - rowHeight + 4, c.title, { size, bold: true, width: widths[i]! - 6, align: c.align ?? 'left' });
        x += widths[i]!;
      });
      this.y -= rowHeight;
    };
    this.ensure(rowHeight * 3);
    drawHeader();
    const lineHeight = size + 2;
    for (const row of rows) {
      const cells = row.map((cell, i) => {
        const c = typeof cell === 'string' ? { text: cell } : cell;
        const lines = columns[i]!.wrap ? this.wrap(c.text, c.bold ? this.bold : this.regular, size, widths[i]! - 6) : [c.text];
        return { ...c, lines };
      });
      const height = rowHeight + (Math.max(...cells.map((c) => c.lines.length)) - 1) * lineHeight;
      if (this.y - height < BOTTOM) {
        this.newPage();
        if (opts.caption) {
          this.text(MARGIN_X, this.y - 9, opts.caption, { size: 9, bold: true, width: CONTENT_WIDTH });
          this.y -= 15;
        }
        drawHeader();
      }
      let x = MARGIN_X;
      cells.forEach((c, i) => {
        c.lines.forEach((line, k) =>
          this.text(x + 3, this.y - rowHeight + 4 - k * lineHeight, line, { size, bold: c.bold, width: widths[i]! - 6, align: columns[i]!.align ?? 'left' }),
        );
        x += widths[i]!;
      });
      this.y -= height;
      this.page.drawLine({ start: { x: MARGIN_X, y: this.y }, end: { x: MARGIN_X + CONTENT_WIDTH, y: this.y }, thickness: 0.3, color: LINE });
    }
    this.space(6);
  }

  /** Header and footer on every page; called once all content is laid out. */
  decorate(header: string, footer: string): void {
    const pages = this.doc.getPages();
    pages.forEach((page, i) => {
      const headerText = this.fit(header, this.regular, 7.5, CONTENT_WIDTH);
      page.drawText(headerText, { x: MARGIN_X, y: A4[1] - 30, size: 7.5, font: this.regular, color: rgb(0.3, 0.3, 0.3) });
      page.drawLine({ start: { x: MARGIN_X, y: A4[1] - 36 }, end: { x: A4[0] - MARGIN_X, y: A4[1] - 36 }, thickness: 0.5, color: LINE });
      page.drawLine({ start: { x: MARGIN_X, y: 38 }, end: { x: A4[0] - MARGIN_X, y: 38 }, thickness: 0.5, color: LINE });
      const pageText = `page ${i + 1} / ${pages.length}`;
      const footerText = this.fit(footer, this.regular, 7.5, CONTENT_WIDTH - 80);
      page.drawText(footerText, { x: MARGIN_X, y: 26, size: 7.5, font: this.regular, color: rgb(0.3, 0.3, 0.3) });
      page.drawText(pageText, {
        x: A4[0] - MARGIN_X - textWidth(this.regular, pageText, 7.5),
        y: 26,
        size: 7.5,
        font: this.regular,
      });
    });
  }

  static readonly MARGIN_X = MARGIN_X;
}
