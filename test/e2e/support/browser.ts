/** Debian's Chromium driven by playwright-core, with a fresh profile and no network chatter. */
import { chromium, type BrowserContext } from 'playwright-core';
import { chromiumPath } from './paths';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export async function launchChromium(profileDir: string): Promise<BrowserContext> {
  return chromium.launchPersistentContext(profileDir, {
    executablePath: chromiumPath(),
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1600, height: 1000 },
    // The workbench reads the clipboard for some commands; grant it so no permission prompt appears.
    permissions: ['clipboard-read', 'clipboard-write'],
  });
}
