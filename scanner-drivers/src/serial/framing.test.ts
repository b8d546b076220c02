import fc from 'fast-check';
import { LineFramer, parseFrame, defaultFraming } from './framing.js';

describe('serial framing', () => {
  it('parses AIM identifiers', () => {
    expect(parseFrame(']C0ABC', defaultFraming)).toEqual({ text: 'ABC', symbology: 'code128' });
    expect(parseFrame(']d2ccigo26-0000001-bz85zffz', defaultFraming)).toEqual({ text: 'CCIGO26-0000001-BZ85ZFFZ', symbology: 'datamatrix' });
    expect(parseFrame('   ', defaultFraming)).toBeUndefined();
  });

  it('honours a custom terminator', () => {
    const framer = new LineFramer({ prefix: '', suffix: '', terminator: '\x03' });
    expect(framer.push('A1\x03B2\nX')).toEqual([{ text: 'A1', symbology: 'unknown' }]);
    // a control character inside a read is removed, as on every path (normaliseRead)
    expect(framer.push('\x03').map((r) => r.text)).toEqual(['B2X']);
  });

  it('yields the same reads however the byte stream is chunked', () => {
    const code = fc.stringMatching(/^[A-Z0-9-]{1,30}$/);
    fc.assert(
      fc.property(fc.array(code, { minLength: 1, maxLength: 10 }), fc.constantFrom('\r', '\n', '\r\n'), fc.array(fc.nat(), { maxLength: 8 }), (codes, end, cuts) => {
        const stream = codes.map((c) => c + end).join('');
        const points = [...new Set(cuts.map((c) => c % (stream.length + 1)))].sort((a, b) => a - b);
        const framer = new LineFramer();
        const reads: string[] = [];
        let last = 0;
        for (const p of [...points, stream.length]) {
          reads.push(...framer.push(stream.slice(last, p)).map((r) => r.text));
          last = p;
        }
        expect(reads).toEqual(codes);
      }),
    );
  });
});
