import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { REPO_ROOT } from './station-fixture.js';

// js-yaml comes with eslint's config loader; both compose outputs (v2 JSON, v1 YAML) are YAML.
const yaml = createRequire(join(REPO_ROOT, 'package.json'))('js-yaml') as { load(text: string): unknown };

/** `docker compose` (plugin) when present, else Debian's `docker-compose` (scripts/install-system-deps.sh). */
function composeConfig(): unknown {
  const file = join(REPO_ROOT, 'docker', 'compose.yaml');
  const plugin = spawnSync('docker', ['compose', 'version'], { encoding: 'utf8' });
  const out =
    plugin.status === 0
      ? execFileSync('docker', ['compose', '-f', file, 'config', '--format', 'json'], { encoding: 'utf8' })
      : execFileSync('docker-compose', ['-f', file, 'config'], { encoding: 'utf8' });
  return yaml.load(out);
}

type Service = {
  image?: string;
  build?: { context: string; dockerfile: string };
  healthcheck?: { test: string[] | string };
  depends_on?: Record<string, { condition: string }>;
  environment?: Record<string, string>;
  volumes?: (string | { source: string; target: string })[];
};

describe('docker', () => {
  it('compose.yaml validates with `docker compose config`: PostgreSQL and the station, both with a health check', () => {
    const config = composeConfig() as { services: Record<string, Service>; volumes: Record<string, unknown> };
    expect(Object.keys(config.services).sort()).toEqual(['postgres', 'station']);
    const { postgres, station } = config.services as { postgres: Service; station: Service };
    expect(postgres.image).toBe('postgres:15');
    expect(JSON.stringify(postgres.healthcheck?.test)).toContain('pg_isready');
    expect(JSON.stringify(postgres.volumes)).toContain('/var/lib/postgresql/data');
    expect(Object.keys(config.volumes)).toContain('scrutin-pgdata');
    expect(station.depends_on).toEqual({ postgres: expect.objectContaining({ condition: 'service_healthy' }) });
    expect(JSON.stringify(station.healthcheck?.test)).toContain('/api/health');
    const url = new URL(station.environment!.DATABASE_URL!);
    expect(url.hostname).toBe('postgres');
    expect(station.build?.dockerfile).toBe('docker/Dockerfile');
    expect(station.build?.context).toBe(REPO_ROOT);
  });

  it('the Dockerfile installs with npm ci every workspace the root declares, and serves on 0.0.0.0 with a health check', () => {
    const dockerfile = readFileSync(join(REPO_ROOT, 'docker', 'Dockerfile'), 'utf8');
    expect(dockerfile).toMatch(/^FROM node:20-bookworm-slim$/m);
    expect(dockerfile).toMatch(/^RUN npm ci\b/m);
    expect(dockerfile).toMatch(/^HEALTHCHECK .*\n.*\/api\/health/m);
    expect(dockerfile).toContain('node station/bin/scrutin.js serve --host 0.0.0.0');
    const workspaces = (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { workspaces: string[] }).workspaces;
    for (const w of workspaces) expect(dockerfile).toContain(`COPY ${w}/package.json ${w}/`);
    // the health route the image probes exists and answers without a session
    expect(readFileSync(join(REPO_ROOT, 'station', 'src', 'http', 'routes', 'scanning.ts'), 'utf8')).toMatch(/path: '\/api\/health',\s*access: 'public'/);
  });
});
