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
/**
 * `width`: a share of the content width (the columns are scaled to fill it). A cell, header included, never
 * loses a character: what does not fit runs on more lines and the row grows, since a PV cell carries a time,
 * a name, a reason or a number that a cut would falsify.
 */
export type Column = { title: string; width: number; align?: Align };
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

  /**
   * `text` in lines of at most `width` points: broken at spaces, after hyphens, and inside a word only when the
   * word alone is wider than the line (a digest, a long barcode), so that nothing is dropped; `\n` starts a line.
   */
  wrap(text: string, font: PDFFont, size: number, width: number): string[] {
    const lines: string[] = [];
    const fits = (t: string) => textWidth(font, t, size) <= width;
    for (const paragraph of this.clean(text).split('\n')) {
      let line = '';
      for (const word of paragraph.split(' ')) {
        // A line may also end after a hyphen: compound names (« Orsini-Valat ») are common on the roll.
        word.split(/(?<=-)/).forEach((part, i) => {
          const candidate = line ? `${line}${i === 0 ? ' ' : ''}${part}` : part;
          if (fits(candidate) || !line) line = candidate;
          else {
            lines.push(line);
            line = part;
          }
          while (!fits(line) && line.length > 1) {
            let cut = line.length - 1;
            while (cut > 1 && !fits(line.slice(0, cut))) cut--;
            lines.push(line.slice(0, cut));
            line = line.slice(cut);
          }
        });
      }
      lines.push(line);
    }
    return lines;
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
    // A contest or urn name longer than the line runs on: a heading is never cut.
    const lines = this.wrap(text, this.bold, size, CONTENT_WIDTH);
    lines.forEach((line, i) => this.text(MARGIN_X, this.y - size - i * (size + 3), line, { size, bold: true }));
    this.y -= size + 4 + (lines.length - 1) * (size + 3);
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

  /**
   * A table across the content width, broken across pages with its header (and `caption`, when given) repeated.
   * `size` in points (8.5 by default); `rowHeight`: the height of a one-line row. Every cell, header included,
   * wraps within its column (Column): a row is as tall as its tallest cell.
   */
  table(columns: Column[], rows: Cell[][], opts: { size?: number; rowHeight?: number; caption?: string } = {}): void {
    const size = opts.size ?? 8.5;
    const rowHeight = opts.rowHeight ?? size + 5;
    const lineHeight = size + 2;
    const scale = CONTENT_WIDTH / columns.reduce((s, c) => s + c.width, 0);
    const widths = columns.map((c) => c.width * scale);
    const layRow = (row: Cell[]) => {
      const cells = row.map((cell, i) => {
        const c = typeof cell === 'string' ? { text: cell } : cell;
        return { ...c, lines: this.wrap(c.text, c.bold ? this.bold : this.regular, size, widths[i]! - 6) };
      });
      return { cells, height: rowHeight + (Math.max(1, ...cells.map((c) => c.lines.length)) - 1) * lineHeight };
    };
    const drawRow = (row: ReturnType<typeof layRow>) => {
      let x = MARGIN_X;
      row.cells.forEach((c, i) => {
        c.lines.forEach((line, k) => this.text(x + 3, this.y - rowHeight + 4 - k * lineHeight, line, { size, bold: c.bold, width: widths[i]! - 6, align: columns[i]!.align ?? 'left' }));
        x += widths[i]!;
      });
    };
    const header = layRow(columns.map((c) => ({ text: c.title, bold: true })));
    const drawHeader = () => {
      this.page.drawRectangle({ x: MARGIN_X, y: this.y - header.height, width: CONTENT_WIDTH, height: header.height, color: GREY });
      drawRow(header);
      this.y -= header.height;
    };
    this.ensure(header.height + rowHeight * 2);
    drawHeader();
    for (const row of rows.map(layRow)) {
      if (this.y - row.height < BOTTOM) {
        this.newPage();
        if (opts.caption) {
          this.paragraph(opts.caption, { bold: true });
          this.y -= 3;
        }
        drawHeader();
      }
      drawRow(row);
      this.y -= row.height;
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
