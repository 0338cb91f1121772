import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { unzipSync } from 'fflate';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import {
  buildTeamsPackage,
  filledManifest,
  PACKAGE_ENTRIES,
  schemaErrors,
  TEAMS_DIR,
} from '../../scripts/teams-package.js';
import { REPO } from '../helpers/paths.js';
import { tempDir } from '../helpers/tmp.js';

const input = { appId: '2b6f1c4e-9d3a-4f7b-8e21-5a0c9d8e7f61', host: 'aeo-bot.example.org' };
const readJson = async (file: string) =>
  JSON.parse(await readFile(join(TEAMS_DIR, file), 'utf8')) as Record<string, unknown>;
const localisations = async () => ({ 'es.json': await readJson('es.json'), 'fr.json': await readJson('fr.json') });
type Manifest = Record<string, unknown> & {
  manifestVersion: string;
  id: string;
  validDomains: string[];
  bots: { botId: string; scopes: string[]; commandLists: { commands: { title: string }[] }[] }[];
};

describe('Teams app package', () => {
  it('fills the bot id, host and version into a manifest that matches the Teams schema, as do es.json and fr.json', async () => {
    const template = await readFile(join(TEAMS_DIR, 'manifest.json'), 'utf8');
    expect([...new Set(template.match(/\$\{\{\w+\}\}/g))].sort()).toEqual([
      '${{APP_VERSION}}',
      '${{MicrosoftAppId}}',
      '${{TEAMS_PUBLIC_HOST}}',
    ]);
    const m = (await filledManifest(input)) as Manifest;
    expect(await schemaErrors(m, await localisations())).toEqual([]);
    expect(Number(m.manifestVersion)).toBeGreaterThanOrEqual(1.19);
    expect(m.$schema).toBe(
      `https://developer.microsoft.com/json-schemas/teams/v${m.manifestVersion}/MicrosoftTeams.schema.json`,
    );
    expect(m.id).toBe(input.appId);
    expect(m.bots[0]!.botId).toBe(input.appId);
    expect(m.bots[0]!.scopes.sort()).toEqual(['groupChat', 'personal', 'team']);
    expect(m.validDomains).toEqual([input.host]);
    expect(m.version).toBe(JSON.parse(await readFile(join(REPO, 'package.json'), 'utf8')).version);
    const commands = m.bots[0]!.commandLists[0]!.commands;
    expect(commands.length).toBeGreaterThanOrEqual(5);
    for (const title of commands.map((c) => c.title)) expect(title.length).toBeLessThanOrEqual(32);
    // Every command is translated, title and description.
    for (const doc of Object.values(await localisations())) {
      for (const i of commands.keys()) {
        expect(doc[`bots[0].commandLists[0].commands[${i}].title`]).toBeTruthy();
        expect(doc[`bots[0].commandLists[0].commands[${i}].description`]).toBeTruthy();
      }
      expect(String(doc.$schema)).toContain(`/v${m.manifestVersion}/MicrosoftTeams.Localization.schema.json`);
    }
  });

  it('the schema check catches a broken manifest and a broken localisation', async () => {
    const m = (await filledManifest(input)) as Manifest;
    const broken = { ...m, name: { short: 'x'.repeat(31) }, bots: [{ ...m.bots[0], scopes: ['everywhere'] }] };
    const errors = await schemaErrors(broken, { 'es.json': { 'name.short': 'x' } });
    expect(errors.some((e) => e.startsWith('manifest.json/name/short'))).toBe(true);
    expect(errors.some((e) => e.startsWith('manifest.json/bots/0/scopes/0'))).toBe(true);
    expect(errors.some((e) => e.startsWith('es.json'))).toBe(true);
  });

  it('refuses an app id that is not a GUID and a host given as a URL', async () => {
    await expect(filledManifest({ ...input, appId: 'my-bot' })).rejects.toThrow(/MicrosoftAppId/);
    await expect(filledManifest({ ...input, host: 'https://aeo-bot.example.org' })).rejects.toThrow(
      /TEAMS_PUBLIC_HOST/,
    );
  });

  it('writes a zip with the manifest, localisations and icons at its root; icons of the sizes Teams requires', async () => {
    const tmp = await tempDir();
    try {
      const file = await buildTeamsPackage(input, join(tmp.dir, 'aeo-bot-teams.zip'));
      const entries = unzipSync(new Uint8Array(await readFile(file)));
      expect(Object.keys(entries).sort()).toEqual([...PACKAGE_ENTRIES].sort());
      expect(JSON.parse(Buffer.from(entries['manifest.json']!).toString('utf8'))).toEqual(await filledManifest(input));
      const color = PNG.sync.read(Buffer.from(entries['color.png']!));
      expect([color.width, color.height]).toEqual([192, 192]);
      const outline = PNG.sync.read(Buffer.from(entries['outline.png']!));
      expect([outline.width, outline.height]).toEqual([32, 32]);
      // The outline icon is white on a transparent background: no other colour, transparent corners, some white.
      let opaque = 0;
      for (let i = 0; i < outline.data.length; i += 4) {
        const alpha = outline.data[i + 3]!;
        if (alpha > 0) expect([outline.data[i], outline.data[i + 1], outline.data[i + 2]]).toEqual([255, 255, 255]);
        if (alpha === 255) opaque += 1;
      }
      expect(outline.data[3]).toBe(0);
      expect(outline.data[outline.data.length - 1]).toBe(0);
      expect(opaque).toBeGreaterThan(20);
    } finally {
      await tmp.cleanup();
    }
  });

  it('npm run teams:package names the missing settings and exits 1', async () => {
    const tmp = await tempDir();
    try {
      const run = promisify(execFile)(join(REPO, 'node_modules/.bin/tsx'), [join(REPO, 'scripts/teams-package.ts')], {
        cwd: tmp.dir,
        env: { PATH: process.env.PATH ?? '' },
      });
      await expect(run).rejects.toMatchObject({
        code: 1,
        stderr: expect.stringMatching(/set MicrosoftAppId and TEAMS_PUBLIC_HOST/),
      });
    } finally {
      await tmp.cleanup();
    }
  });
});
