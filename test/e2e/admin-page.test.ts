import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileQuestionLog } from '../../src/question-log/file-question-log.js';
import { questionHash } from '../../src/question-log/hashing.js';
import type { QuestionRecord } from '../../src/question-log/types.js';
import { launchChromium } from '../helpers/chromium.js';
import { startFixtureService, type RunningService } from '../helpers/http-service.js';
import { REPO } from '../helpers/paths.js';
import { tempDir } from '../helpers/tmp.js';
import { openChat } from '../helpers/web-checks.js';

const TOKEN = 'admin-test-token-0123456789';
let svc: RunningService;
let browser: Browser;
let tmp: Awaited<ReturnType<typeof tempDir>>;
const violations: string[] = [];

/** A seeded log over the last days: a fee question declined three ways, one answer rated not helpful. */
function seed(): QuestionRecord[] {
  const day = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString();
  const r = (n: number, question: string, over: Partial<QuestionRecord> = {}): QuestionRecord => ({
    at: day(n), answerId: `seed-${n}-${questionHash(question)}`, channel: 'http', language: 'en', kind: 'decline', declined: true,
    confidence: 0.1, cited: [], question, questionHash: questionHash(question), ms: 4, ...over,
  });
  return [
    r(3, 'How much does the OEA application cost in Peru?'),
    r(2, 'how much does OEA application cost Peru', { channel: 'slack' }),
    r(1, 'Peru OEA application: how much does it cost?', { channel: 'teams' }),
    r(2, '¿Cuánto cuesta la solicitud OEA en Perú?', { language: 'es', channel: 'slack' }),
    r(1, 'Who runs the OEA programme in Peru?', {
      declined: false, kind: 'retrieval', cited: [{ source: 'programmes/pe-oea.md', section: 'Overview' }],
      feedback: { at: day(1), helpful: false, comment: 'Name the ministry too, please' },
    }),
  ];
}

beforeAll(async () => {
  tmp = await tempDir();
  const logFile = join(tmp.dir, 'question-log.jsonl');
  const store = new FileQuestionLog(logFile);
  for (const rec of seed()) await store.append(rec);
  svc = await startFixtureService({ ready: false, env: { ADMIN_TOKEN: TOKEN, QUESTION_LOG_FILE: logFile } });
  // A file the build skips, so the builds table has a skipped file with its reason.
  await writeFile(join(svc.knowledgeDir, 'broken.md'), '---\ntitle: never closed\n');
  await svc.server.ready();
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await svc?.close();
  await tmp?.cleanup();
});

async function shot(page: Page, name: string): Promise<void> {
  const dir = join(REPO, 'reports', 'admin');
  await mkdir(dir, { recursive: true });
  await page.screenshot({ path: join(dir, `${name}.png`), fullPage: true });
}

async function newPage(ctx: BrowserContext): Promise<Page> {
  const page = await ctx.newPage();
  page.on('console', (m) => { if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text()); });
  return page;
}

describe('/admin in Chromium', () => {
  let ctx: BrowserContext;
  let page: Page;
  beforeAll(async () => {
    ctx = await browser.newContext({ acceptDownloads: true, viewport: { width: 1200, height: 900 } });
    page = await newPage(ctx);
  });
  afterAll(() => ctx?.close());

  it('signs in with the token posted in a form: no token in any URL, an HttpOnly SameSite=Strict cookie', async () => {
    const urls: string[] = [];
    page.on('request', (r) => urls.push(r.url()));
    await page.goto(`${svc.base}/admin`);
    await expect(page.locator('input[name=token]').isVisible()).resolves.toBe(true);
    await shot(page, 'sign-in');
    await page.fill('input[name=token]', 'wrong-token');
    await page.click('button[type=submit]');
    await expect(page.locator('[role=alert]').textContent()).resolves.toContain('not the admin token');
    await page.fill('input[name=token]', TOKEN);
    await page.click('button[type=submit]');
    await page.locator('h1', { hasText: "Editors' report" }).waitFor();
    expect(urls.every((u) => !u.includes(TOKEN) && !u.includes('token='))).toBe(true);
    const [cookie] = await ctx.cookies();
    expect(cookie).toMatchObject({ name: 'aeo_admin', httpOnly: true, sameSite: 'Strict', path: '/admin' });
    expect(cookie?.value).not.toContain(TOKEN);
  });

  it('shows the declined groups (most frequent first), not-helpful comments, citations, charts and builds', async () => {
    const first = page.locator('#groups tr.group').first();
    await expect(first.locator('td').first().textContent()).resolves.toBe('3');
    await expect(first.textContent()).resolves.toMatch(/cost/i);
    await expect(first.textContent()).resolves.toContain('programmes/pe-oea.md');
    await expect(page.locator('#not-helpful').textContent()).resolves.toContain('Name the ministry too, please');
    await expect(page.locator('#cited').textContent()).resolves.toContain('programmes/pe-oea.md');
    await expect(page.locator('#never-cited').textContent()).resolves.toContain('sample-page.html');
    const series = await page.locator('svg polyline.series').evaluateAll((els) => els.map((e) => e.getAttribute('data-series')));
    expect(series).toEqual(expect.arrayContaining(['en', 'es', 'http', 'slack', 'teams']));
    const build = await page.locator('#builds tr.build').first().textContent();
    expect(build).toMatch(/start\s*ok\s*9\s*14/);
    expect(build).toContain('broken.md: front matter opened on line 1 is never closed');
    await shot(page, 'report');
  });

  it('one click on a suggestion shows the diff and writes nothing; Apply writes the section\'s questions', async () => {
    const pageFile = join(svc.knowledgeDir, 'programmes', 'pe-oea.md');
    const before = await readFile(pageFile, 'utf8');
    const question = await page.locator('#groups tr.group').first().locator('input[name=question]').inputValue();
    await page.locator('#groups tr.group').first().locator('button', { hasText: 'Review change' }).click();
    await page.locator('#diff').waitFor();
    const diff = await page.locator('#diff').textContent();
    expect(diff).toContain('+++ b/knowledge/programmes/pe-oea.md');
    expect(diff).toContain(`+- ${question}`);
    await shot(page, 'suggestion-diff');
    expect(await readFile(pageFile, 'utf8')).toBe(before);
    const patch = await Promise.all([page.waitForEvent('download'), page.click('a[download]')]).then(([d]) => d.path()).then((p) => readFile(p, 'utf8'));
    expect(patch).toContain(`+- ${question}`);
    expect(await readFile(pageFile, 'utf8')).toBe(before);
    await page.click('button:has-text("Apply")');
    await page.locator('#applied').waitFor();
    const after = await readFile(pageFile, 'utf8');
    expect(after).toContain(`<!-- questions:\n- ${question}\n-->`);
    expect(after.replace(`<!-- questions:\n- ${question}\n-->\n`, '')).toBe(before);
    await writeFile(pageFile, before);
  });

  it('downloads the log as CSV', async () => {
    await page.goto(`${svc.base}/admin`);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('a[href="/admin/log.csv"]')]);
    expect(download.suggestedFilename()).toBe('question-log.csv');
    const csv = await readFile(await download.path(), 'utf8');
    const lines = csv.trim().split('\r\n');
    expect(lines[0]).toMatch(/^at,answerId,channel,user,language,kind,declined/);
    expect(lines).toHaveLength(6);
    expect(csv).toContain('Name the ministry too, please');
  });

  it('a question asked in the web chat and rated there shows in the report with its comment', async () => {
    const chat = await openChat(browser, svc.base, { width: 1000, height: 800 });
    await chat.fill('#q', 'Can a freight forwarder become an AEO in Peru?');
    await chat.keyboard.press('Enter');
    const answer = chat.locator('.msg.bot').last();
    await answer.waitFor();
    await answer.getByRole('button', { name: /Not helpful/ }).click();
    await answer.getByLabel('Anything to add? (optional)').fill('Say which documents a forwarder needs.');
    await answer.getByRole('button', { name: 'Send feedback' }).click();
    await answer.getByText('Thanks for the feedback.').waitFor();
    await chat.context().close();
    await page.goto(`${svc.base}/admin`);
    const row = page.locator('#not-helpful tr', { hasText: 'Say which documents a forwarder needs.' });
    await expect(row.textContent()).resolves.toMatch(/web|http/);
    await expect(row.textContent()).resolves.toContain('Can a freight forwarder become an AEO in Peru?');
  });

  it('signs out; the pages need a session again; no CSP violation on any page', async () => {
    await page.click('button:has-text("Sign out")');
    await page.locator('input[name=token]').waitFor();
    expect((await fetch(`${svc.base}/admin/log.csv`)).status).toBe(401);
    expect(violations).toEqual([]);
  });
});

describe('/admin over HTTP', () => {
  it('a strict CSP without script, and cross-site posts refused', async () => {
    const res = await fetch(`${svc.base}/admin`);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'none'");
    expect(csp).toMatch(/style-src 'sha256-[^']+'/);
    expect(csp).toContain("form-action 'self'");
    const forged = await fetch(`${svc.base}/admin/sign-in`, {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' }, body: `token=${TOKEN}`,
    });
    expect(forged.status).toBe(401);
    expect(forged.headers.get('set-cookie')).toBeNull();
    // The operator route keeps its bearer token.
    expect((await fetch(`${svc.base}/admin/status`, { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(200);
  });
});
