import { normaliseRead } from '../read-text.js';
import { ScannerEmitter, type Scanner } from '../scanner.js';
import { defaultWedgeOptions, initialWedgeState, wedgeKey, wedgeTick, type WedgeOptions, type WedgeState, type WedgeStep } from './keyboard-wedge.js';

/** Told to the agent when a read had to be taken from the physical keys (keyboard-wedge.ts burstText). */
export const US_LAYOUT_NOTICE =
  'Le lecteur de codes-barres est réglé pour un clavier américain (QWERTY) alors que ce poste est en AZERTY : ' +
  'la lecture a été corrigée d’après les touches, mais réglez le lecteur sur le clavier français (AZERTY).';

/**
 * The keyboard wedge in a page: a capture-phase keydown listener on window, so it works without
 * clicking into any field and sees keys before any input does. Importable by the React dashboard:
 * no Node import here.
 */
export class BrowserWedgeScanner extends ScannerEmitter implements Scanner {
  readonly id = 'clavier';
  private state: WedgeState = initialWedgeState;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly options: WedgeOptions;

  constructor(
    private readonly target: Window = window,
    options: Partial<WedgeOptions> = {},
  ) {
    super();
    this.options = { ...defaultWedgeOptions, ...options };
  }

  private readonly onKeyDown = (event: KeyboardEvent): void => {
    if (event.isComposing) return;
    const step = wedgeKey(
      this.state,
      { key: event.key, code: event.code, shift: event.shiftKey, at: event.timeStamp, withCommand: event.ctrlKey || event.altKey || event.metaKey },
      this.options,
    );
    if (step.swallow) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
    this.apply(step);
    if (this.state.held !== '') this.arm();
  };

  private arm(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.apply(wedgeTick(this.state, this.state.lastAt + this.options.maxGapMs + 1, this.options));
    }, this.options.maxGapMs + 1);
  }

  private apply(step: WedgeStep): void {
    this.state = step.state;
    if (step.release) this.type(step.release);
    if (step.read) {
      const read = { text: normaliseRead(step.read), symbology: 'unknown' as const, at: new Date(), source: this.id };
      this.emit('read', step.usLayout ? { ...read, notice: US_LAYOUT_NOTICE } : read);
    }
  }

  /** Gives a person's held keys to the focused field, as if typed (fires `input`, so React sees it). */
  private type(text: string): void {
    const document = this.target.document;
    const element = document.activeElement as HTMLElement | null;
    if (!element) return;
    const field = element instanceof HTMLInputElement || element instanceof HTMLTextAreaElement ? element : undefined;
    if (!field && !element.isContentEditable) return;
    if (!document.execCommand('insertText', false, text) && field) {
      const element = field;
      element.setRangeText(text, element.selectionStart ?? element.value.length, element.selectionEnd ?? element.value.length, 'end');
      element.dispatchEvent(new InputEvent('input', { bubbles: true, data: text, inputType: 'insertText' }));
    }
  }

  async start(): Promise<void> {
    this.target.addEventListener('keydown', this.onKeyDown, { capture: true });
    this.emit('connected', undefined);
  }

  async stop(): Promise<void> {
    this.target.removeEventListener('keydown', this.onKeyDown, { capture: true });
    if (this.timer) clearTimeout(this.timer);
    this.apply(wedgeTick(this.state, Number.POSITIVE_INFINITY, this.options));
    this.emit('disconnected', undefined);
  }
}
