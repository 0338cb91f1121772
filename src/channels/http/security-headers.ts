import { createHash } from 'node:crypto';
import type { RequestHandler } from 'express';

/** Hashes ('sha256-...') of the inline <script> or <style> elements of a page, for its Content-Security-Policy. */
export function inlineHashes(page: string, tag: 'script' | 'style'): string[] {
  const out: string[] = [];
  const open = `<${tag}>`;
  const close = `</${tag}>`;
  for (let at = page.indexOf(open); at >= 0; at = page.indexOf(open, at + 1)) {
    const end = page.indexOf(close, at);
    if (end < 0) break;
    out.push(`'sha256-${createHash('sha256').update(page.slice(at + open.length, end)).digest('base64')}'`);
  }
  return out;
}

/**
 * The web page's policy: only its own inline script and style (by hash) and requests to this origin. Framed by no
 * one, unless it is the widget's copy (`frameAncestors`: who may embed it).
 */
export function pagePolicy(page: string, frameAncestors = "'none'"): string {
  return [
    "default-src 'none'", `script-src ${inlineHashes(page, 'script').join(' ') || "'none'"}`,
    `style-src ${inlineHashes(page, 'style').join(' ') || "'none'"}`, "connect-src 'self'", "img-src 'self' data:",
    "base-uri 'none'", "form-action 'none'", `frame-ancestors ${frameAncestors}`,
  ].join('; ');
}

/**
 * Server-rendered pages without script (the admin pages): no script at all, their inline style by hash, images
 * inline, forms posting to this origin only, framed by no one.
 */
export function formPagePolicy(page: string): string {
  return [
    "default-src 'none'", "script-src 'none'", `style-src ${inlineHashes(page, 'style').join(' ') || "'none'"}`,
    "img-src 'self' data:", "base-uri 'none'", "form-action 'self'", "frame-ancestors 'none'",
  ].join('; ');
}

/** The chat page inside the embeddable widget's iframe (public/widget.js). */
export const EMBED_PATH = '/embed';

/** API responses load nothing and are framed by no one. */
const API_POLICY = "default-src 'none'; frame-ancestors 'none'";

/** The headers securityHeaders() gives an API response, for a response written before the Express app. */
export const API_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': API_POLICY, 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin', 'x-frame-options': 'DENY',
};

/**
 * Security headers on every response: a CSP (the page's own with hashes; a closed one for everything else),
 * nosniff, no framing (CSP frame-ancestors and X-Frame-Options for old browsers), no referrer.
 */
export function securityHeaders(page: string, widgetFrameAncestors = ''): RequestHandler {
  const pageCsp = pagePolicy(page);
  const embedCsp = widgetFrameAncestors ? pagePolicy(page, widgetFrameAncestors) : undefined;
  return (req, res, next) => {
    const embed = embedCsp && req.method === 'GET' && req.path === EMBED_PATH;
    res.set({
      'content-security-policy': embed ? embedCsp : req.method === 'GET' && req.path === '/' ? pageCsp : API_POLICY,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cross-origin-opener-policy': 'same-origin',
    });
    // X-Frame-Options cannot name origins: the widget's page relies on CSP frame-ancestors alone.
    if (!embed) res.set('x-frame-options', 'DENY');
    next();
  };
}
