export { ScannerEmitter, nextRead, type Scanner, type ScannerRead, type ScannerEvents, type Symbology } from '@scrutin/domain/scanner.js';
export { backoffDelay, type BackoffOptions } from './backoff.js';
export { SimulatedScanner } from './simulator.js';
export { BrowserWedgeScanner } from '@scrutin/domain/wedge/browser-wedge.js';
export { wedgeKey, wedgeTick, initialWedgeState, defaultWedgeOptions, type WedgeOptions } from '@scrutin/domain/wedge/keyboard-wedge.js';
export { decodePixels, decodeGray, luminance, type Pixels, type Decoded } from './image/decode.js';
