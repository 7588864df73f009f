import sparticuzChromium from '@sparticuz/chromium';
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

// Which Chromium the browser tests drive, with playwright-core (which never downloads a browser):
// CHROMIUM_PATH when set, else a system Chromium when there is one, else the Chromium that the
// @sparticuz/chromium npm package ships (unpacked into the temp folder on first use), so that
// `npm install && npm test` needs nothing else.
const systemChromiums = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

const args = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--disable-dev-shm-usage',
];

async function chromiumPath(): Promise<string> {
  if (process.env.CHROMIUM_PATH) {
    if (!existsSync(process.env.CHROMIUM_PATH)) throw new Error(`CHROMIUM_PATH=${process.env.CHROMIUM_PATH} does not exist`);
    return process.env.CHROMIUM_PATH;
  }
  const system = systemChromiums.find((candidate) => existsSync(candidate));
  if (system) return system;
  try {
    return await sparticuzChromium.executablePath();
  } catch (error) {
    throw new Error(
      `No Chromium for the browser tests: none at ${systemChromiums.join(' or ')}, and the one from ` +
        `@sparticuz/chromium could not be unpacked (${(error as Error).message}). Run npm install, or set CHROMIUM_PATH.`,
    );
  }
}

// Fails loudly, never skips.
export async function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: await chromiumPath(), args });
}
