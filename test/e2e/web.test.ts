import type { Browser } from 'playwright-core';
import { launchChromium } from '../helpers/chromium.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFixtureService, type RunningService } from '../helpers/http-service.js';

let svc: RunningService;
let browser: Browser;

beforeAll(async () => {
  svc = await startFixtureService();
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await svc?.close();
});

describe('web chat in headless Chromium', () => {
  it('asks a question and shows the answer with clickable citations and sources', async () => {
    const page = await browser.newPage();
    await page.goto(svc.base);
    await page.fill('#q', 'Can a freight forwarder become an AEO in Peru?');
    await page.click('#send');
    const answer = page.locator('.msg.bot').first();
    await answer.waitFor();
    expect(await answer.locator('.text').innerText()).toContain('freight forwarders');
    const marker = answer.locator('a.cite').first();
    expect(await marker.innerText()).toBe('[1]');
    await marker.click();
    expect(page.url()).toMatch(/#a1-src-1$/);
    const source = answer.locator('.sources li a').first();
    expect(await source.innerText()).toContain('Peru - Operador Económico Autorizado');
    expect(await source.getAttribute('href')).toBe('https://www.sunat.gob.pe/');
    await page.close();
  });

  it('follow-up buttons ask the next question, and declines show no sources', async () => {
    const page = await browser.newPage();
    await page.goto(svc.base);
    await page.fill('#q', 'Can you write me a poem about cats?');
    await page.keyboard.press('Enter');
    const declined = page.locator('.msg.bot.declined');
    await declined.waitFor();
    expect(await declined.locator('.sources').count()).toBe(0);
    await declined.locator('.followups button').first().click();
    await page.locator('.msg.bot').nth(1).waitFor();
    expect(await page.locator('.msg.user').nth(1).innerText()).toBe('What is an Authorized Economic Operator?');
    await page.close();
  });

  it('renders answer text as text, never as markup', async () => {
    const page = await browser.newPage();
    await page.goto(svc.base);
    await page.fill('#q', '<img src=x onerror="window.pwned=1"> AEO benefits');
    await page.click('#send');
    await page.locator('.msg.bot').first().waitFor();
    expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();
    expect(await page.locator('.msg.user img').count()).toBe(0);
    await page.close();
  });
});

describe('structured answers in the web chat', () => {
  it('shows MRA rows as a table with citation links', async () => {
    const page = await browser.newPage();
    await page.goto(svc.base);
    await page.fill('#q', 'Which MRAs has Peru signed?');
    await page.click('#send');
    const table = page.locator('.msg.bot table.mra');
    await table.waitFor();
    expect(await table.locator('th').first().innerText()).toBe('Partner');
    expect(await table.locator('tr').nth(1).innerText()).toContain('Pacific Alliance AEO MRA');
    expect(await table.locator('a.cite').first().getAttribute('href')).toBe('#a1-src-1');
    await page.close();
  });

  it('drives the eligibility self-check with buttons to a result', async () => {
    const page = await browser.newPage();
    await page.goto(svc.base);
    await page.fill('#q', 'check my eligibility');
    await page.click('#send');
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
    await page.close();
  });
});

describe('comparison in the web chat', () => {
  it('shows programmes side by side', async () => {
    const page = await browser.newPage();
    await page.goto(svc.base);
    await page.fill('#q', 'Compare the AEO programmes of Peru and Colombia');
    await page.click('#send');
    const table = page.locator('.msg.bot table.comparison');
    await table.waitFor();
    expect(await table.locator('tr').first().innerText()).toMatch(/Peru\s+Colombia/);
    expect(await table.locator('tr', { hasText: 'Agency' }).innerText()).toMatch(/SUNAT\s+DIAN/);
    await page.close();
  });
});

describe('interface language', () => {
  it('shows the page in the browser language and answers in a language the user picks', async () => {
    const context = await browser.newContext({ locale: 'es-ES' });
    const page = await context.newPage();
    await page.goto(svc.base);
    await page.waitForFunction(() => document.documentElement.lang === 'es');
    await page.screenshot({ path: 'reports/web-spanish.png', fullPage: true });
    expect(await page.locator('#send').innerText()).toBe('Preguntar');
    expect(await page.locator('#q').getAttribute('placeholder')).toMatch(/Pregunte/);
    await page.selectOption('#lang', 'fr');
    await page.waitForFunction(() => document.documentElement.lang === 'fr');
    expect(await page.locator('#send').innerText()).toBe('Demander');
    await page.fill('#q', 'Can you write me a poem about cats?');
    await page.click('#send');
    await page.locator('.msg.bot').first().waitFor();
    expect(await page.locator('.msg.bot .text').first().innerText()).toMatch(/Je ne le sais pas/);
    await context.close();
  });

  it('follows the language the user writes in when none is chosen, answer details included', async () => {
    const context = await browser.newContext({ locale: 'en-GB' });
    const page = await context.newPage();
    await page.goto(svc.base);
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    await page.fill('#q', '¿Un transitario puede ser OEA en Perú?');
    await page.click('#send');
    const answer = page.locator('.msg.bot').first();
    await answer.waitFor();
    await page.waitForFunction(() => document.documentElement.lang === 'es');
    await page.screenshot({ path: 'reports/web-spanish.png', fullPage: true });
    expect(await page.locator('#send').innerText()).toBe('Preguntar');
    expect(await page.locator('#lang-label').innerText()).toBe('Idioma');
    expect(await answer.locator('.meta').innerText()).toMatch(/^confianza \d+ %$/);
    const sources = await answer.locator('.sources li').allInnerTexts();
    expect(sources.length).toBeGreaterThan(0);
    for (const s of sources) expect(s).not.toMatch(/updated/);
    await context.close();
  });
});
