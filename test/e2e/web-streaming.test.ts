import { describe, expect, it } from 'vitest';
import { QUESTION, GOOD, AS_OF } from '../helpers/fake-llm-answers.js';
import { llmWebBed } from '../helpers/llm-web-bed.js';
import { axeIssues, expectLastInView, openChat, shot, VIEWPORTS } from '../helpers/web-checks.js';

const bed = llmWebBed(8000);

describe.each(VIEWPORTS)('a model writing the answer, at $width x $height', (vp) => {
  it('shows the working state while the slow model has not started, then the text as it is written, in view', async () => {
    // A model that waits 1.5 s before its first token, then writes slowly.
    bed.fake.script({ text: GOOD, delayMs: 1500, chunkDelayMs: 120 });
    const page = await openChat(bed.browser, bed.svc.base, vp);
    await page.fill('#q', QUESTION);
    await page.keyboard.press('Enter');
    const pending = page.locator('.msg.pending');
    await pending.locator('.working[role="status"]').waitFor();
    expect(await pending.innerText()).toMatch(/Working on your answer/);
    expect(await pending.locator('.text').innerText()).toBe('');
    expect(await page.locator('#send').isDisabled()).toBe(true);
    await expectLastInView(page);

    await page.waitForFunction(() => (document.querySelector('.msg.draft .text')?.textContent ?? '').length > 20);
    const draft = page.locator('.msg.bot.draft');
    expect(await draft.locator('.working').innerText()).toMatch(/Writing the answer/);
    const partial = await draft.locator('.text').innerText();
    expect(GOOD.startsWith(partial) && partial.length < GOOD.length).toBe(true);
    await expectLastInView(page);
    await shot(page, `${vp.name}-streaming`);
    expect(await axeIssues(page)).toEqual([]);

    const answer = page.locator('.msg.bot:not(.draft)');
    await answer.waitFor();
    expect(await page.locator('.msg.pending').count()).toBe(0);
    expect(await answer.locator('.text').innerText()).toBe(`${GOOD}${AS_OF}`);
    expect(await page.locator('#send').isDisabled()).toBe(false);
    await expectLastInView(page);
    await page.context().close();
  });
});
