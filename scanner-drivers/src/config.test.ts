import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from './config.js';

describe('loadConfig', () => {
  it('merges the file and the flags, flags winning', () => {
    const dir = mkdtempSync(join(tmpdir(), 'scrutin-config-'));
    const file = join(dir, 'c.json');
    writeFileSync(file, JSON.stringify({ station: 'http://a:1', token: 't', serial: { path: '/dev/ttyS0', suffix: '#' }, feedback: { ok: '\u0007' } }));
    const result = loadConfig({ config: file, serial: '/dev/ttyUSB0', baud: '115200' }, {});
    rmSync(dir, { recursive: true, force: true });
    expect(result.ok && result.value.serial).toEqual({ path: '/dev/ttyUSB0', baudRate: 115200, prefix: '', suffix: '#', terminator: 'auto' });
    expect(result.ok && result.value.source).toBe('serial');
    expect(result.ok && result.value.feedback.ok).toBe('\u0007');
  });

  it('explains what is missing in French', () => {
    const result = loadConfig({ station: 'pas une adresse' }, {});
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error).toMatch(/adresse de station invalide/);
      expect(result.error).toMatch(/jeton de station manquant/);
      expect(result.error).toMatch(/aucun lecteur choisi/);
    }
    const bad = loadConfig({ station: 'http://a:1', token: 't', baud: 'vite' }, {});
    expect(!bad.ok && bad.error).toBe('--baud : vitesse invalide « vite »');
  });

  it('takes the token from SCRUTIN_STATION_TOKEN', () => {
    const result = loadConfig({ station: 'http://a:1', simulate: true }, { SCRUTIN_STATION_TOKEN: 'secret' });
    expect(result.ok && result.value.token).toBe('secret');
  });
});
