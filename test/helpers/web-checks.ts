import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import axe from 'axe-core';
import type { Browser, Frame, Page } from 'playwright-core';
import { expect } from 'vitest';
import { REPO } from './paths.js';

export const VIEWPORTS = [
  { name: 'desktop', width: 1280, height: 800 },
  { name: 'phone', width: 390, height: 844 },
] as const;
export type Viewport = (typeof VIEWPORTS)[number];

/** The chat page at a viewport, once its texts and capabilities are loaded (the page does not change after). */
export async function openChat(
  browser: Browser, base: string, vp: { width: number; height: number }, locale = 'en-GB',
): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: vp.width, height: vp.height }, locale });
  const page = await context.newPage();
  const capabilities = page.waitForResponse((r) => r.url().endsWith('/api/capabilities'));
  const texts = page.waitForResponse((r) => r.url().includes('/api/ui-text'));
  await page.goto(base);
  await (await capabilities).finished();
  await (await texts).finished();
  return page;
}

/** Where the last message sits against the conversation's visible area and the question box. */
export interface Place { top: number; bottom: number; viewTop: number; viewBottom: number; formTop: number }

export async function lastMessagePlace(page: Page | Frame): Promise<Place> {
  return page.evaluate(() => {
    const msgs = document.querySelectorAll('#log .msg');
    const last = msgs[msgs.length - 1]!.getBoundingClientRect();
    const view = document.getElementById('log')!.getBoundingClientRect();
    const form = document.getElementById('ask')!.getBoundingClientRect();
    return { top: last.top, bottom: last.bottom, viewTop: view.top, viewBottom: view.bottom, formTop: form.top };
  });
}

/**
 * The last message is entirely between the top of the conversation and the question box; one taller than that
 * view is shown from its first line. Returns whether it was entirely visible.
 */
export async function expectLastInView(page: Page | Frame): Promise<boolean> {
  const p = await lastMessagePlace(page);
  expect(p.viewBottom).toBeLessThanOrEqual(p.formTop + 0.5);
  expect(p.top).toBeGreaterThanOrEqual(p.viewTop - 0.5);
  const whole = p.bottom <= p.viewBottom + 0.5;
  if (!whole) {
    const cut = 'a message cut at the bottom although it would fit';
    expect(p.bottom - p.top, cut).toBeGreaterThan(p.viewBottom - p.viewTop - 40);
    expect(p.top).toBeLessThanOrEqual(p.viewTop + 16);
  }
  return whole;
}

/** Wider content than the window (the page scrolls sideways), or inside the conversation. */
export function horizontalOverflow(page: Page | Frame): Promise<{ page: number; log: number }> {
  return page.evaluate(() => {
    const log = document.getElementById('log')!;
    return {
      page: document.documentElement.scrollWidth - document.documentElement.clientWidth,
      log: log.scrollWidth - log.clientWidth,
    };
  });
}

export interface AxeIssue { id: string; impact: string; help: string; nodes: string[] }

const ALL_IMPACTS = ['minor', 'moderate', 'serious', 'critical'];

/**
 * axe-core run in the page (through the DevTools protocol, so the page's CSP stays as served). Every impact counts
 * by default: the issue asks for no serious or critical one, and the page has none of any kind.
 */
export async function axeIssues(page: Page | Frame, impacts: string[] = ALL_IMPACTS): Promise<AxeIssue[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axe.source);
  const found = await page.evaluate(async () => {
    type Violation = { id: string; impact: string; help: string; nodes: { target: string[] }[] };
    type Axe = { run: (ctx: Document, opts: object) => Promise<{ violations: Violation[] }> };
    const run = (window as unknown as { axe: Axe }).axe.run;
    const result = await run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')),
    }));
  });
  return found.filter((v) => impacts.includes(v.impact));
}

/** A screenshot under reports/ (looked at by a person; named in the test report). */
export async function shot(page: Page, name: string): Promise<string> {
  const dir = join(REPO, 'reports', 'web');
  await mkdir(dir, { recursive: true });
  const path = join(dir, `${name}.png`);
  await page.screenshot({ path });
  return path;
}
