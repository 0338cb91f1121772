/**
 * Writes the Teams app package (dist/aeo-bot-teams.zip) from teams/: the manifest with the bot's app id and the
 * service's public host filled in, its es/fr localisation files and the two icons, after checking the manifest and
 * the localisation files against the Teams JSON schemas (shipped in @microsoft/app-manifest, nothing is fetched).
 *   npm run teams:package            (MicrosoftAppId and TEAMS_PUBLIC_HOST from the environment or .env)
 *   npm run teams:package -- icons   (redraws teams/color.png and teams/outline.png)
 */
import { readFileSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { zipSync } from 'fflate';
import { loadConfig } from '../src/config/load-config.js';
import { writeIcons } from './teams-package.icons.js';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const TEAMS_DIR = join(REPO, 'teams');
export const PACKAGE_FILE = join(REPO, 'dist', 'aeo-bot-teams.zip');
/** The files of the package, all at the zip's root as Teams expects. */
export const PACKAGE_ENTRIES = ['manifest.json', 'es.json', 'fr.json', 'color.png', 'outline.png'] as const;

export interface PackageInput {
  /** The bot's Microsoft App ID (a GUID): the bot id and, as usual for single-bot apps, the Teams app id. */
  appId: string;
  /** The service's public host name, without https:// (aeo-bot.example.org). */
  host: string;
  /** The app version shown in Teams; package.json's version by default. */
  version?: string;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const HOST = /^[a-z0-9.-]+(:\d+)?$/i;

/** teams/manifest.json with its ${{...}} placeholders filled; an unknown placeholder is an error. */
export async function filledManifest(input: PackageInput): Promise<Record<string, unknown>> {
  if (!GUID.test(input.appId))
    throw new Error(`MicrosoftAppId must be the bot's app id (a GUID), got "${input.appId}"`);
  if (!HOST.test(input.host))
    throw new Error(`TEAMS_PUBLIC_HOST must be a host name such as aeo-bot.example.org, got "${input.host}"`);
  const pkg = JSON.parse(await readFile(join(REPO, 'package.json'), 'utf8')) as { version: string };
  const values: Record<string, string> = {
    MicrosoftAppId: input.appId,
    TEAMS_PUBLIC_HOST: input.host,
    APP_VERSION: input.version ?? pkg.version,
  };
  const template = await readFile(join(TEAMS_DIR, 'manifest.json'), 'utf8');
  const filled = template.replace(/\$\{\{(\w+)\}\}/g, (_, name: string) => {
    const v = values[name];
    if (v === undefined) throw new Error(`teams/manifest.json names an unknown placeholder \${{${name}}}`);
    return v;
  });
  return JSON.parse(filled) as Record<string, unknown>;
}

/** Schema errors of a manifest and its localisation files, against the schemas of the manifest's own version. */
export async function schemaErrors(
  manifest: Record<string, unknown>,
  localisations: Record<string, unknown>,
): Promise<string[]> {
  const version = String(manifest.manifestVersion);
  const require = createRequire(import.meta.url);
  // CommonJS packages whose default export TypeScript's NodeNext interop does not see as callable.
  const Ajv = require('ajv-draft-04') as typeof import('ajv-draft-04').default;
  const addFormats = require('ajv-formats') as typeof import('ajv-formats').default;
  const dir = dirname(
    require.resolve(`@microsoft/app-manifest/build/json-schemas/teams/v${version}/MicrosoftTeams.schema.json`),
  );
  // The localisation schema's patterns are not valid in Unicode mode (a lone `]`).
  const ajv = new Ajv({ allErrors: true, strictTypes: false, unicodeRegExp: false });
  addFormats(ajv, ['uri', 'email', 'regex']);
  const check = (schemaFile: string, name: string, doc: unknown): string[] => {
    const validate = ajv.compile(JSON.parse(readFileSync(join(dir, schemaFile), 'utf8')));
    return validate(doc)
      ? []
      : (validate.errors ?? []).map((e) => `${name}${e.instancePath} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
  };
  const errors = check('MicrosoftTeams.schema.json', 'manifest.json', manifest);
  for (const [file, doc] of Object.entries(localisations))
    errors.push(...check('MicrosoftTeams.Localization.schema.json', file, doc));
  return errors;
}

/** Checks and writes the zip; returns its path. */
export async function buildTeamsPackage(input: PackageInput, out = PACKAGE_FILE): Promise<string> {
  const manifest = await filledManifest(input);
  const localisations: Record<string, unknown> = {};
  for (const file of ['es.json', 'fr.json'])
    localisations[file] = JSON.parse(await readFile(join(TEAMS_DIR, file), 'utf8'));
  const errors = await schemaErrors(manifest, localisations);
  if (errors.length)
    throw new Error(`the Teams app package does not match the Teams schema:\n  ${errors.join('\n  ')}`);
  // A fixed date keeps the zip byte-identical for identical inputs.
  const mtime = new Date('2026-01-01T00:00:00Z');
  const files: Record<string, [Uint8Array, { mtime: Date }]> = {
    'manifest.json': [Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`), { mtime }],
  };
  for (const name of PACKAGE_ENTRIES.slice(1)) files[name] = [await readFile(join(TEAMS_DIR, name)), { mtime }];
  await mkdir(dirname(out), { recursive: true });
  await writeFile(out, zipSync(files, { level: 9 }));
  return out;
}

async function main(argv: string[]): Promise<number> {
  if (argv[0] === 'icons') {
    await writeIcons(TEAMS_DIR);
    process.stdout.write('wrote teams/color.png and teams/outline.png\n');
    return 0;
  }
  const config = loadConfig();
  const missing = [!config.MicrosoftAppId && 'MicrosoftAppId', !config.TEAMS_PUBLIC_HOST && 'TEAMS_PUBLIC_HOST'].filter(
    Boolean,
  );
  if (missing.length) {
    process.stderr.write(
      `teams:package: set ${missing.join(' and ')} (environment or .env); see the README's Teams section\n`,
    );
    return 1;
  }
  const file = await buildTeamsPackage({ appId: config.MicrosoftAppId!, host: config.TEAMS_PUBLIC_HOST! });
  process.stdout.write(
    `wrote ${file}: upload it in Teams (Apps > Manage your apps > Upload an app) or the Developer Portal\n`,
  );
  return 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: Error) => {
      process.stderr.write(`teams:package: ${err.message}\n`);
      process.exit(1);
    },
  );
}
