import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { llmWebBed } from '../helpers/llm-web-bed.js';
import { QUESTION, GOOD, AS_OF } from '../helpers/fake-llm-answers.js';

const bed = llmWebBed(4000);

/** The chat page once it knows whether answers stream. */
async function openChat(): Promise<Page> {
  const page = await bed.browser.newPage();
  const capabilities = page.waitForResponse((r) => r.url().endsWith('/api/capabilities'));
  await page.goto(bed.svc.base);
  await (await capabilities).finished();
  return page;
}

describe('web chat with a chat model', () => {
  it('shows the answer growing as a draft, then the final answer with its sources', async () => {
    bed.fake.script({ text: GOOD, chunkDelayMs: 80 });
    const page = await openChat();
    const streamed = page.waitForRequest((r) => r.url().endsWith('/api/ask/stream'));
    await page.fill('#q', QUESTION);
    await page.click('#send');
    await streamed;
    const draft = page.locator('.msg.bot.draft .text');
    await draft.waitFor();
    await page.waitForFunction(() => (document.querySelector('.msg.bot.draft .text')?.textContent ?? '').length > 20);
    const partial = await draft.innerText();
    expect(GOOD.startsWith(partial)).toBe(true);
    expect(partial.length).toBeLessThan(GOOD.length);
    const answer = page.locator('.msg.bot:not(.draft)');
    await answer.waitFor();
    expect(await page.locator('.msg.bot.draft').count()).toBe(0);
    expect(await answer.locator('.text').innerText()).toBe(`${GOOD}${AS_OF}`);
    expect(await answer.locator('a.cite').first().getAttribute('href')).toBe('#a1-src-1');
    expect(await answer.locator('.sources li').count()).toBe(2);
    await page.close();
  });

  it('replaces a draft the model did not finish with the extractive answer', async () => {
    bed.fake.script({ text: GOOD, stallAfter: 5 });
    const page = await openChat();
    await page.fill('#q', QUESTION);
    await page.click('#send');
    await page.locator('.msg.bot.draft').waitFor();
    const answer = page.locator('.msg.bot:not(.draft)');
    await answer.waitFor({ timeout: 10_000 });
    expect(await page.locator('.msg.bot.draft').count()).toBe(0);
    const text = await answer.locator('.text').innerText();
    expect(text).not.toContain('Yes: international');
    expect(text).toContain('freight forwarders');
    await page.close();
  });

  it('draft text is text, never markup', async () => {
    bed.fake.script({ text: 'Forwarders <img src=x onerror="window.pwned=1"> can apply [1].', chunkDelayMs: 50 });
    const page = await openChat();
    await page.fill('#q', QUESTION);
    await page.click('#send');
    await page.locator('.msg.bot:not(.draft)').waitFor();
    expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();
    expect(await page.locator('.msg.bot img').count()).toBe(0);
    await page.close();
  });
});
