import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/** Launches Debian's Chromium headless; fails (never skips) with the install hint when it is missing. */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium not found at ${CHROMIUM_PATH}: run "apt-get update && apt-get install -y chromium" or set CHROMIUM_PATH`);
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/**
 * Opens the dashboard at `baseUrl/moderate` and signs in through its Arabic form with
 * `admin`'s email and password. Waits for «متصل» (the live connection) unless
 * `waitConnected` is false (then the caller waits for what it needs).
 */
export async function signInToDashboard(page: Page, baseUrl: string, admin: { email: string; password: string }, waitConnected = true): Promise<void> {
  await page.goto(`${baseUrl}/moderate`);
  await page.getByLabel('البريد الإلكتروني').fill(admin.email);
  await page.getByLabel('كلمة المرور').fill(admin.password);
  await page.getByRole('button', { name: 'دخول' }).click();
  if (waitConnected) await page.locator('.conn', { hasText: 'متصل' }).waitFor();
}
