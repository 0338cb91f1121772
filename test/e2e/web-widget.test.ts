import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inlineHashes } from '../../src/channels/http/security-headers.js';
import { launchChromium } from '../helpers/chromium.js';
import { startFixtureService, type RunningService } from '../helpers/http-service.js';
import { axeIssues, expectLastInView, horizontalOverflow, shot, VIEWPORTS } from '../helpers/web-checks.js';

let svc: RunningService;
let browser: Browser;
let host: Server;
let hostUrl = '';

/** Another site (another origin on loopback) that includes the widget the way the README says. */
async function startHostSite(widgetSrc: string): Promise<Server> {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(`<!doctype html><html lang="en"><head>
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Customs broker</title></head>
<body><main><h1>Acme Customs Brokers</h1><p>Our services.</p></main>
<script src="${widgetSrc}" async></script></body></html>`);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return server;
}

beforeAll(async () => {
  svc = await startFixtureService();
  host = await startHostSite(`${svc.base}/widget.js`);
  hostUrl = `http://127.0.0.1:${(host.address() as AddressInfo).port}/`;
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await new Promise((r) => host?.close(r));
  await svc?.close();
});

describe('embeddable widget', () => {
  it.each(VIEWPORTS)('opens the chat in an iframe from a button on another site ($width x $height)', async (vp) => {
    const context = await browser.newContext({ viewport: { width: vp.width, height: vp.height } });
    const page = await context.newPage();
    await page.goto(hostUrl);
    const toggle = page.getByRole('button', { name: 'Ask about AEO' });
    await toggle.click();
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    const frameEl = page.locator('iframe#aeo-bot-widget-frame');
    await frameEl.waitFor();
    expect(await frameEl.getAttribute('src')).toBe(`${svc.base}/embed`);
    const chat = page.frameLocator('#aeo-bot-widget-frame');
    await chat.locator('#q').fill('Which MRAs has Peru signed?');
    await chat.locator('#q').press('Enter');
    await chat.locator('.msg.bot table.mra').waitFor();
    const frame = page.frames().find((f) => f.url() === `${svc.base}/embed`)!;
    expect(await frame.evaluate(() => document.documentElement.classList.contains('embedded'))).toBe(true);
    // Inside the frame: no sideways scroll, the answer above the question box, no serious axe issue.
    expect(await horizontalOverflow(frame)).toEqual({ page: 0, log: 0 });
    await expectLastInView(frame);
    expect(await axeIssues(frame)).toEqual([]);
    const hostOverflow = () => document.documentElement.scrollWidth - document.documentElement.clientWidth;
    expect(await page.evaluate(hostOverflow)).toBe(0);
    await shot(page, `${vp.name}-widget-open`);
    await toggle.click();
    expect(await frameEl.isVisible()).toBe(false);
    await context.close();
  });

  it('serves the framed page with the same CSP hashes, framable by the configured sites; the main page never', async () => {
    const [main, embed, script] = await Promise.all(['/', '/embed', '/widget.js'].map((p) => fetch(`${svc.base}${p}`)));
    const html = await main!.text();
    expect(await embed!.text()).toBe(html);
    const mainCsp = main!.headers.get('content-security-policy')!;
    const embedCsp = embed!.headers.get('content-security-policy')!;
    expect(mainCsp).toContain("frame-ancestors 'none'");
    expect(main!.headers.get('x-frame-options')).toBe('DENY');
    expect(embedCsp).toBe(mainCsp.replace("frame-ancestors 'none'", 'frame-ancestors *'));
    expect(embed!.headers.get('x-frame-options')).toBeNull();
    for (const h of inlineHashes(html, 'script')) expect(embedCsp).toContain(`script-src ${h}`);
    expect(embed!.headers.get('x-content-type-options')).toBe('nosniff');
    expect(script!.headers.get('content-type')).toMatch(/^application\/javascript/);
    expect(script!.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('names only the configured sites, and turns the widget off with none', async () => {
    const only = await startFixtureService({
      ready: false, env: { WIDGET_FRAME_ANCESTORS: 'https://intranet.example.org' },
    });
    const off = await startFixtureService({ ready: false, env: { WIDGET_FRAME_ANCESTORS: 'none' } });
    try {
      const embed = await fetch(`${only.base}/embed`);
      expect(embed.headers.get('content-security-policy')).toContain('frame-ancestors https://intranet.example.org');
      // This test's host site is not among them: Chromium refuses to show the chat in its frame.
      const other = await startHostSite(`${only.base}/widget.js`);
      try {
        const page = await browser.newPage();
        await page.goto(`http://127.0.0.1:${(other.address() as AddressInfo).port}/`);
        await page.getByRole('button', { name: 'Ask about AEO' }).click();
        await page.waitForTimeout(500);
        const frame = page.frames().find((f) => f !== page.mainFrame());
        expect(await frame?.evaluate(() => document.getElementById('q') !== null).catch(() => false)).not.toBe(true);
        await page.close();
      } finally {
        await new Promise((r) => other.close(r));
      }
      for (const p of ['/embed', '/widget.js']) expect((await fetch(`${off.base}${p}`)).status).toBe(404);
      expect((await fetch(`${off.base}/`)).status).toBe(200);
    } finally {
      await only.close();
      await off.close();
    }
  });
});
