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

/** The web page's policy: only its own inline script and style (by hash) and requests to this origin. */
export function pagePolicy(page: string): string {
  return [
    "default-src 'none'", `script-src ${inlineHashes(page, 'script').join(' ') || "'none'"}`,
    `style-src ${inlineHashes(page, 'style').join(' ') || "'none'"}`, "connect-src 'self'", "img-src 'self' data:",
    "base-uri 'none'", "form-action 'none'", "frame-ancestors 'none'",
  ].join('; ');
}

/** API responses load nothing and are framed by no one. */
const API_POLICY = "default-src 'none'; frame-ancestors 'none'";

/**
 * Security headers on every response: a CSP (the page's own with hashes; a closed one for everything else),
 * nosniff, no framing (CSP frame-ancestors and X-Frame-Options for old browsers), no referrer.
 */
export function securityHeaders(page: string): RequestHandler {
  const pageCsp = pagePolicy(page);
  return (req, res, next) => {
    res.set({
      'content-security-policy': req.method === 'GET' && req.path === '/' ? pageCsp : API_POLICY,
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
      'referrer-policy': 'no-referrer',
      'cross-origin-opener-policy': 'same-origin',
    });
    next();
  };
}
