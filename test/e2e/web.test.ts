import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../helpers/chromium.js';
import { startFixtureService, type RunningService } from '../helpers/http-service.js';
import { tempDir } from '../helpers/tmp.js';
import { axeIssues, expectLastInView, horizontalOverflow, openChat, shot, VIEWPORTS } from '../helpers/web-checks.js';

let svc: RunningService;
let browser: Browser;
let feedbackFile: string;
let tmp: Awaited<ReturnType<typeof tempDir>>;

beforeAll(async () => {
  tmp = await tempDir();
  feedbackFile = `${tmp.dir}/feedback.jsonl`;
  // Every test asks from 127.0.0.1: a budget above the default 30 a minute, so no test waits on another's.
  svc = await startFixtureService({ env: { FEEDBACK_FILE: feedbackFile, ASK_RATE_LIMIT_PER_MINUTE: '1000' } });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await svc?.close();
  await tmp?.cleanup();
});

const records = async (): Promise<Record<string, unknown>[]> =>
  (await readFile(feedbackFile, 'utf8').catch(() => '')).trim().split('\n').filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);

async function askAndWait(page: Page, question: string): Promise<void> {
  const answers = await page.locator('.msg.bot, .msg.error').count();
  await page.fill('#q', question);
  await page.keyboard.press('Enter');
  await page.locator('.msg.bot, .msg.error').nth(answers).waitFor();
  // The scroll happens in the same task as the answer is shown; one frame for layout.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(null))));
}

describe.each(VIEWPORTS)('web chat at $width x $height', (vp) => {
  it('keeps each new answer in view above the question box, no sideways scroll, no axe issues', async () => {
    const page = await openChat(browser, svc.base, vp);
    expect(await axeIssues(page)).toEqual([]);
    const questions = [
      'Can a freight forwarder become an AEO in Peru?',
      'Which MRAs has Peru signed?',
      'Compare the AEO programmes of Peru and Colombia',
      'What is an Authorized Economic Operator?',
    ];
    const whole: boolean[] = [];
    for (const q of questions) {
      await askAndWait(page, q);
      whole.push(await expectLastInView(page));
      expect(await horizontalOverflow(page)).toEqual({ page: 0, log: 0 });
    }
    // Every answer is entirely in view on a desktop; on a phone all but the comparison (taller than the screen,
    // shown from its first line).
    expect(whole).toEqual(vp.name === 'desktop' ? [true, true, true, true] : [true, true, false, true]);
    await shot(page, `${vp.name}-conversation`);
    expect(await axeIssues(page)).toEqual([]);
    await expect.poll(() => page.locator('#live').textContent()).toMatch(/^aeo-bot answered: An Authorized Economic/);
    // Scrolled up while an answer is pending, the reader is not pulled down when it comes: "jump to latest" appears
    // and brings them back.
    let release!: () => void;
    const held = new Promise<void>((r) => { release = r; });
    await page.route('**/api/ask', async (route) => { await held; await route.continue(); }, { times: 1 });
    await page.fill('#q', 'Which MRAs has Peru signed?');
    await page.keyboard.press('Enter');
    await page.locator('.msg.pending').waitFor();
    const log = page.locator('#log');
    await log.evaluate((l) => { l.scrollTop = 0; });
    await expect.poll(() => page.locator('#jump').isVisible()).toBe(true);
    release();
    await page.locator('.msg.bot').nth(questions.length).waitFor();
    expect(await log.evaluate((l) => l.scrollTop)).toBe(0);
    expect(await page.locator('#jump').isVisible()).toBe(true);
    await shot(page, `${vp.name}-scrolled-up`);
    await page.click('#jump');
    await expectLastInView(page);
    expect(await page.locator('#jump').isVisible()).toBe(false);
    await page.context().close();
  });

  it('shows the working state while a slow answer is pending, and only the send button is off meanwhile', async () => {
    const page = await openChat(browser, svc.base, vp);
    let release!: () => void;
    const held = new Promise<void>((r) => { release = r; });
    // The answer is held back (a delayed fake in front of the real service) until the pending state was checked.
    await page.route('**/api/ask', async (route) => { await held; await route.continue(); });
    await page.fill('#q', 'What benefits does an AEO typically get?');
    await page.click('#send');
    const working = page.locator('.msg.pending .working[role="status"]');
    await working.waitFor();
    expect(await working.innerText()).toMatch(/Working on your answer/);
    expect(await page.locator('#send').isDisabled()).toBe(true);
    expect(await page.locator('#q').isEditable()).toBe(true);
    await expectLastInView(page);
    await shot(page, `${vp.name}-working`);
    expect(await axeIssues(page)).toEqual([]);
    release();
    await page.locator('.msg.bot').first().waitFor();
    expect(await page.locator('.msg.pending').count()).toBe(0);
    expect(await page.locator('#send').isDisabled()).toBe(false);
    await expectLastInView(page);
    await page.context().close();
  });

  it('stores "not helpful" with a comment and an expert hand-off with an e-mail in the feedback store', async () => {
    const page = await openChat(browser, svc.base, vp);
    const question = `Can a freight forwarder become an AEO in Peru? (${vp.name})`;
    await askAndWait(page, question);
    const answer = page.locator('.msg.bot').last();
    await answer.getByRole('button', { name: /Not helpful/ }).click();
    const comment = answer.getByLabel('Anything to add? (optional)');
    expect(await comment.evaluate((e) => e === document.activeElement)).toBe(true);
    await comment.fill('Please name the form to file.');
    await answer.getByRole('button', { name: 'Send feedback' }).click();
    await answer.getByText('Thanks for the feedback.').waitFor();
    expect(await answer.getByRole('button', { name: /Not helpful/ }).getAttribute('aria-pressed')).toBe('true');

    await answer.getByRole('button', { name: 'Ask a customs expert' }).click();
    await answer.getByLabel(/Your e-mail/).fill('trader@example.org');
    // The form opened in view: its send button is above the question box.
    const sendBox = (await answer.getByRole('button', { name: 'Send to an expert' }).boundingBox())!;
    const formTop = (await page.locator('#ask').boundingBox())!.y;
    expect(sendBox.y + sendBox.height).toBeLessThanOrEqual(formTop + 0.5);
    expect(await axeIssues(page)).toEqual([]);
    await shot(page, `${vp.name}-expert-form`);
    await answer.getByRole('button', { name: 'Send to an expert' }).click();
    await answer.getByText(/passed to the customs experts; they will reply to trader@example.org/).waitFor();

    const conversationId = await page.evaluate(() => JSON.parse(sessionStorage.getItem('aeo-bot:chat')!).id as string);
    const mine = (await records()).filter((r) => r.question === question);
    expect(mine).toHaveLength(2);
    const [rating, expert] = mine;
    expect(rating).toMatchObject({
      channel: 'web', helpful: false, comment: 'Please name the form to file.', answerKind: 'retrieval',
      userId: `web:${conversationId}`,
    });
    expect(expert).toMatchObject({
      type: 'expert-request', channel: 'web', email: 'trader@example.org', language: 'en', answerId: rating!.answerId,
    });
    expect(String(expert!.answer)).toContain('freight forwarders');
    await page.context().close();
  });
});

describe('errors in place, with a retry', () => {
  it('shows a 503 while the index loads where the answer would be, and the retry answers once ready', async () => {
    const tmp2 = await tempDir();
    const cold = await startFixtureService({ ready: false, env: { FEEDBACK_FILE: `${tmp2.dir}/f.jsonl` } });
    try {
      for (const vp of VIEWPORTS) {
        const page = await openChat(browser, cold.base, vp);
        const refused = page.waitForResponse((r) => r.url().endsWith('/api/ask'));
        await page.fill('#q', 'Can a freight forwarder become an AEO in Peru?');
        await page.keyboard.press('Enter');
        expect((await refused).status()).toBe(503);
        const error = page.locator('.msg.error');
        await error.waitFor();
        expect(await error.innerText()).toMatch(/busy or still starting/);
        await expectLastInView(page);
        expect(await page.locator('#send').isDisabled()).toBe(false);
        await expect.poll(() => page.locator('#live').textContent()).toMatch(/busy or still starting/);
        await shot(page, `${vp.name}-error-503`);
        expect(await axeIssues(page)).toEqual([]);
        await page.context().close();
      }
      await cold.server.ready();
      const page = await openChat(browser, cold.base, VIEWPORTS[1]);
      const busy = '{"error":{"code":"OVERLOADED","message":"busy"}}';
      const refuse = { status: 503, contentType: 'application/json', body: busy };
      await page.route('**/api/ask', (route) => route.fulfill(refuse), { times: 1 });
      await page.fill('#q', 'Can a freight forwarder become an AEO in Peru?');
      await page.keyboard.press('Enter');
      await page.locator('.msg.error .retry').click();
      const answer = page.locator('.msg.bot');
      await answer.waitFor();
      expect(await page.locator('.msg.error').count()).toBe(0);
      expect(await page.locator('.msg.user').count()).toBe(1);
      expect(await answer.locator('.text').innerText()).toContain('freight forwarders');
      await page.context().close();
    } finally {
      await cold.close();
      await tmp2.cleanup();
    }
  });

  it('a network failure says so and the retry sends the same question again', async () => {
    const page = await openChat(browser, svc.base, VIEWPORTS[0]);
    await page.route('**/api/ask', (route) => route.abort('connectionreset'), { times: 1 });
    await page.fill('#q', 'Which MRAs has Peru signed?');
    await page.keyboard.press('Enter');
    await page.locator('.msg.error').waitFor();
    expect(await page.locator('.msg.error').innerText()).toMatch(/connection failed/);
    await page.locator('.msg.error .retry').click();
    await page.locator('.msg.bot table.mra').waitFor();
    await page.context().close();
  });
});

describe('conversation, keyboard and language', () => {
  it('keeps the conversation across a reload (same id, eligibility goes on); "new conversation" starts afresh', async () => {
    const page = await openChat(browser, svc.base, VIEWPORTS[1]);
    await askAndWait(page, 'check my eligibility');
    const id = await page.evaluate(() => JSON.parse(sessionStorage.getItem('aeo-bot:chat')!).id as string);
    await page.reload();
    await page.locator('.msg.bot').first().waitFor();
    expect(await page.locator('.msg.user').innerText()).toBe('check my eligibility');
    expect(await page.evaluate(() => JSON.parse(sessionStorage.getItem('aeo-bot:chat')!).id as string)).toBe(id);
    const asked = page.waitForRequest((r) => r.url().endsWith('/api/ask'));
    await page.locator('.msg.bot .choices button', { hasText: 'Exporter' }).click();
    expect(JSON.parse((await asked).postData()!)).toMatchObject({ question: 'exporter', conversationId: id });
    await page.locator('.msg.bot').nth(1).waitFor();
    expect(await page.locator('.msg.bot').nth(1).innerText()).toMatch(/Question 2 of 7/);
    await expectLastInView(page);
    await page.click('#new');
    expect(await page.locator('.msg').count()).toBe(0);
    expect(await page.evaluate(() => JSON.parse(sessionStorage.getItem('aeo-bot:chat')!).id as string)).not.toBe(id);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('q');
    await page.context().close();
  });

  it('works with the keyboard alone: Enter sends, Shift+Enter is a new line, focus moves in page order', async () => {
    const page = await openChat(browser, svc.base, VIEWPORTS[0]);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('new');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('lang');
    await page.focus('#q');
    await page.keyboard.type('Which MRAs');
    await page.keyboard.press('Shift+Enter');
    await page.keyboard.type('has Peru signed?');
    expect(await page.inputValue('#q')).toBe('Which MRAs\nhas Peru signed?');
    await page.keyboard.press('Enter');
    await page.locator('.msg.bot').waitFor();
    expect(await page.inputValue('#q')).toBe('');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('q');
    // The focus ring is visible on a keyboard-focused control.
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Shift+Tab');
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle);
    expect(outline).toBe('solid');
    await page.context().close();
  });

  it('the header holds title, "new conversation" and language picker without overlap down to 360 px', async () => {
    for (const width of [360, 390, 1280]) {
      const page = await openChat(browser, svc.base, { width, height: 740 }, 'es-ES');
      await page.waitForFunction(() => document.documentElement.lang === 'es');
      const boxes = await page.evaluate(() => ['title', 'new', 'lang', 'lang-label'].map((id) => {
        const r = document.getElementById(id)!.getBoundingClientRect();
        return { id, left: r.left, right: r.right, top: r.top, bottom: r.bottom };
        // A label hidden on narrow screens (kept for screen readers) takes no room.
      }).filter((r) => r.right - r.left > 1));
      expect(boxes.length).toBeGreaterThanOrEqual(3);
      for (const a of boxes) {
        expect(a.right).toBeLessThanOrEqual(width);
        for (const b of boxes) {
          if (a.id >= b.id) continue;
          const overlap = a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
          expect(overlap, `${a.id} overlaps ${b.id} at ${width} px`).toBe(false);
        }
      }
      expect(await horizontalOverflow(page)).toEqual({ page: 0, log: 0 });
      if (width === 360) {
        await askAndWait(page, 'Compara los programas OEA de Perú y Colombia');
        expect(await horizontalOverflow(page)).toEqual({ page: 0, log: 0 });
        await shot(page, 'phone-360-spanish-comparison');
        expect(await axeIssues(page)).toEqual([]);
      }
      await page.context().close();
    }
  });

  it('shows the page in the browser language and answers in a language the user picks', async () => {
    const page = await openChat(browser, svc.base, VIEWPORTS[0], 'es-ES');
    await page.waitForFunction(() => document.documentElement.lang === 'es');
    expect(await page.locator('#send').innerText()).toBe('Preguntar');
    expect(await page.locator('#new').innerText()).toBe('Nueva conversación');
    expect(await page.locator('#q').getAttribute('placeholder')).toMatch(/Pregunte/);
    await page.selectOption('#lang', 'fr');
    await page.waitForFunction(() => document.documentElement.lang === 'fr');
    expect(await page.locator('#send').innerText()).toBe('Demander');
    await askAndWait(page, 'Can you write me a poem about cats?');
    expect(await page.locator('.msg.bot .text').first().innerText()).toMatch(/Je ne le sais pas/);
    expect(await page.locator('.msg.bot').getByRole('button', { name: /Pas utile/ }).count()).toBe(1);
    await page.context().close();
  });

  it('follows the language the user writes in when none is chosen, answer details included', async () => {
    const page = await openChat(browser, svc.base, VIEWPORTS[0], 'en-GB');
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    await askAndWait(page, '¿Un transitario puede ser OEA en Perú?');
    const answer = page.locator('.msg.bot').first();
    await page.waitForFunction(() => document.documentElement.lang === 'es');
    expect(await page.locator('#send').innerText()).toBe('Preguntar');
    expect(await page.locator('#lang-label').innerText()).toBe('Idioma');
    expect(await answer.locator('.meta').innerText()).toMatch(/^confianza \d+ %$/);
    const sources = await answer.locator('.sources li').allInnerTexts();
    expect(sources.length).toBeGreaterThan(0);
    for (const s of sources) expect(s).toMatch(/actualizado el/);
    await page.context().close();
  });
});

describe('answers in the web chat', () => {
  it('shows the answer with citations as numbered links to sources with title and updated date', async () => {
    const page = await openChat(browser, svc.base, VIEWPORTS[0]);
    await askAndWait(page, 'Can a freight forwarder become an AEO in Peru?');
    const answer = page.locator('.msg.bot').first();
    expect(await answer.locator('.text').innerText()).toContain('freight forwarders');
    const marker = answer.locator('a.cite').first();
    expect(await marker.innerText()).toBe('[1]');
    expect(await marker.getAttribute('aria-label')).toBe('[1] Peru - Operador Económico Autorizado (OEA)');
    await marker.click();
    expect(page.url()).toMatch(/#a1-src-1$/);
    const source = answer.locator('.sources li').first();
    expect(await source.getAttribute('value')).toBe('1');
    expect(await source.locator('a').innerText()).toContain('Peru - Operador Económico Autorizado');
    expect(await source.locator('a').getAttribute('href')).toBe('https://www.sunat.gob.pe/');
    expect(await source.locator('.updated').innerText()).toBe('(updated 15 Jan 2026)');
    await page.context().close();
  });

  it('follow-up buttons ask the next question, and declines show no sources', async () => {
    const page = await openChat(browser, svc.base, VIEWPORTS[0]);
    await askAndWait(page, 'Can you write me a poem about cats?');
    const declined = page.locator('.msg.bot.declined');
    expect(await declined.locator('.sources').count()).toBe(0);
    await declined.locator('.followups button').first().click();
    await page.locator('.msg.bot').nth(1).waitFor();
    expect(await page.locator('.msg.user').nth(1).innerText()).toBe('What is an Authorized Economic Operator?');
    await page.context().close();
  });

  it('renders answer text as text, never as markup', async () => {
    const page = await openChat(browser, svc.base, VIEWPORTS[0]);
    await askAndWait(page, '<img src=x onerror="window.pwned=1"> AEO benefits');
    expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();
    expect(await page.locator('.msg img').count()).toBe(0);
    await page.context().close();
  });

  it('shows MRA rows once: as a table with citation links on a wide screen, as cards on a phone', async () => {
    for (const vp of VIEWPORTS) {
      const page = await openChat(browser, svc.base, vp);
      await askAndWait(page, 'Which MRAs has Peru signed?');
      const box = page.locator('.msg.bot').first();
      const text = await box.locator('.text').innerText();
      expect(text).toMatch(/^Peru has 1 AEO mutual recognition/);
      expect(text).not.toContain('Pacific Alliance');
      const table = box.locator('table.mra');
      expect(await table.locator('thead th').first().innerText()).toBe('Partner');
      expect(await table.locator('tbody tr').first().innerText()).toContain('Pacific Alliance AEO MRA');
      expect(await table.locator('a.cite').first().getAttribute('href')).toBe('#a1-src-1');
      const display = await table.locator('tbody tr').first().evaluate((e) => getComputedStyle(e).display);
      expect(display).toBe(vp.width > 600 ? 'table-row' : 'block');
      expect(await horizontalOverflow(page)).toEqual({ page: 0, log: 0 });
      await page.context().close();
    }
  });

  it('drives the eligibility self-check with buttons to a result', async () => {
    const page = await openChat(browser, svc.base, VIEWPORTS[0]);
    await askAndWait(page, 'check my eligibility');
    const click = async (n: number, label: string) => {
      const box = page.locator('.msg.bot').nth(n);
      await box.waitFor();
      await box.locator('.choices button', { hasText: label }).first().click();
    };
    await click(0, 'Exporter');
    await click(1, 'Peru');
    for (let i = 2; i < 7; i++) await click(i, 'Yes');
    const result = page.locator('.msg.bot').nth(7);
    await result.waitFor();
    expect(await result.locator('.text').innerText()).toMatch(/Your AEO self-check result \(Exporter, Peru\)/);
    expect(await result.locator('.sources li').count()).toBeGreaterThan(0);
    await expectLastInView(page);
    await page.context().close();
  });

  it('shows compared programmes once, side by side, each country with its source', async () => {
    const page = await openChat(browser, svc.base, VIEWPORTS[0]);
    await askAndWait(page, 'Compare the AEO programmes of Peru and Colombia');
    const box = page.locator('.msg.bot').first();
    expect(await box.locator('.text').innerText()).toBe('AEO programmes compared: Peru, Colombia');
    const table = box.locator('table.comparison');
    expect(await table.locator('thead tr').innerText()).toMatch(/Peru \[1\]\s+Colombia \[2\]/);
    expect(await table.locator('tr', { hasText: 'Agency' }).innerText()).toMatch(/SUNAT\s+DIAN/);
    expect(await box.locator('.sources li').count()).toBe(3);
    await page.context().close();
  });
});
