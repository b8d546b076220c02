import type { SoundClass } from './verdicts.js';

/**
 * Short tones made with the Web Audio API (no audio file to bundle). Each class differs in
 * pitch, rhythm and timbre, so a busy agent knows the verdict before looking up.
 */
const PATTERNS: Record<SoundClass, { freq: number; start: number; length: number; wave: OscillatorType }[]> = {
  accepted: [{ freq: 1046, start: 0, length: 0.12, wave: 'sine' }],
  received: [{ freq: 784, start: 0, length: 0.1, wave: 'sine' }],
  'set-aside': [
    { freq: 660, start: 0, length: 0.14, wave: 'triangle' },
    { freq: 440, start: 0.17, length: 0.22, wave: 'triangle' },
  ],
  president: [
    { freq: 880, start: 0, length: 0.1, wave: 'square' },
    { freq: 880, start: 0.15, length: 0.1, wave: 'square' },
    { freq: 880, start: 0.3, length: 0.1, wave: 'square' },
  ],
  rescan: [{ freq: 196, start: 0, length: 0.45, wave: 'sawtooth' }],
};

let context: AudioContext | null = null;
/** The last class played, for the tests (a headless browser has no speaker). */
export const lastSound: { kind: SoundClass | null; count: number } = { kind: null, count: 0 };

export function playSound(kind: SoundClass): void {
  lastSound.kind = kind;
  lastSound.count++;
  document.documentElement.dataset.lastSound = `${kind}:${lastSound.count}`;
  try {
    context ??= new AudioContext();
    if (context.state === 'suspended') void context.resume();
    const now = context.currentTime;
    for (const note of PATTERNS[kind]) {
      const osc = context.createOscillator();
      const gain = context.createGain();
      osc.type = note.wave;
      osc.frequency.value = note.freq;
      gain.gain.setValueAtTime(0.0001, now + note.start);
      gain.gain.exponentialRampToValueAtTime(0.3, now + note.start + 0.01);
      gain.gain.exponentialRampToValueAtTime(0.0001, now + note.start + note.length);
      osc.connect(gain).connect(context.destination);
      osc.start(now + note.start);
      osc.stop(now + note.start + note.length + 0.02);
    }
  } catch {
    // No audio device: the screen still says everything.
  }
}
