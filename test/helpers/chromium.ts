import { chromium, type Browser } from 'playwright-core';

/** Debian's chromium, installed by .ci/run; never a downloaded browser. */
const CHROMIUM = '/usr/bin/chromium';

/** Headless Chromium with no network side-traffic (updates, sync, QUIC): the tests reach only loopback. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}
