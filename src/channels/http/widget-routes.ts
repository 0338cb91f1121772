import express, { type Router } from 'express';
import type { Config } from '../../config/schema.js';
import { EMBED_PATH } from './security-headers.js';
import type { WebPage } from './web-page.js';

/**
 * The embeddable widget: `GET /widget.js` (a script another site includes) and `GET /embed`, the chat page it
 * frames (its CSP names who may frame it). Without a widget script or with embedding off, both are 404.
 */
export function widgetRoutes(page: WebPage, enabled: boolean): Router {
  const router = express.Router();
  const widget = page.widget;
  if (!enabled || !widget) return router;
  router.get(EMBED_PATH, (_req, res) => void res.type('html').send(page.html));
  router.get('/widget.js', (_req, res) => {
    // Cached briefly: the host pages load it on every view, and a fix should reach them the same day.
    res.set('cache-control', 'public, max-age=300');
    res.type('application/javascript').send(widget);
  });
  return router;
}

/** Who may frame the widget's page (CSP frame-ancestors sources); '' when the widget is off. */
export function widgetFrameAncestors(config: Pick<Config, 'WIDGET_FRAME_ANCESTORS'>): string {
  const sources = config.WIDGET_FRAME_ANCESTORS.trim();
  return /^'?none'?$/.test(sources) ? '' : sources;
}
