import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, Download, Page } from 'playwright-core';
import { text } from 'node:stream/consumers';
import type { StaffRole } from '@resetdesk/staff';
import { launchBrowser } from './browser-server';
import { freePort } from './ports';
import { ROOT } from './run-entrypoint';
import { createStaff, TestStaff } from './staff';
import { resetState, startTestStack, TestStack } from './test-stack';

export { launchBrowser } from './browser-server';
export const SCREENSHOT_DIR = join(ROOT, 'test-output', 'browser');

/** The whole page by default; `fullPage: false` for what fits the viewport (what a person sees without scrolling). */
export async function screenshot(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  // Transitions finished: a chip that just changed colour shows its new one, not the colour it is fading from.
  await page.screenshot({ path, fullPage: options.fullPage ?? true, animations: 'disabled' });
  return path;
}

/** A download's content. Read as a stream: the browser may be the run's shared one, which keeps the file on its side. */
export async function downloadedText(download: Download): Promise<string> {
  return text(await download.createReadStream());
}

/** Signs in through the login page and waits for the app shell. */
export async function signInThroughUi(page: Page, baseUrl: string, email: string, password: string): Promise<void> {
  await page.goto(`${baseUrl}/admin/login`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('menuitem', { name: 'Profile' }).waitFor();
}

export interface AdminUiSession {
  stack: TestStack;
  browser: Browser;
  page: Page;
  baseUrl: string;
  staff: TestStaff;
  close(): Promise<void>;
}

/**
 * A fresh stack listening on a free port, emptied, a staff member of `role`
 * signed in through the login page of a headless Chromium. `mailCatcher`
 * also runs the worker and delivers to the embedded catcher (the Mailbox page).
 */
export async function openAdminUi(options: {
  role: StaffRole;
  worker?: boolean;
  mailCatcher?: boolean;
  env?: Record<string, string>;
  email?: string;
}): Promise<AdminUiSession> {
  const port = await freePort();
  const smtpPort = options.mailCatcher ? await freePort() : 0;
  const catcherEnv: Record<string, string> = options.mailCatcher
    ? { MAIL_CATCHER: 'true', MAIL_CATCHER_PORT: String(smtpPort), SMTP_URL: `smtp://127.0.0.1:${smtpPort}` }
    : {};
  const stack = await startTestStack({
    port,
    worker: options.worker ?? options.mailCatcher ?? false,
    env: { ...catcherEnv, ...options.env },
  });
  await resetState(stack);
  const baseUrl = `http://127.0.0.1:${port}`;
  const staff = await createStaff(stack, options.role, options.email ? { email: options.email } : {});
  const browser = await launchBrowser();
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 }, acceptDownloads: true });
  page.setDefaultTimeout(10_000);
  try {
    await signInThroughUi(page, baseUrl, staff.email, staff.password);
  } catch (failure) {
    // The test's afterAll never gets a session to close: close what was opened here.
    await browser.close().catch(() => undefined);
    await stack.close().catch(() => undefined);
    throw failure;
  }
  return {
    stack,
    browser,
    page,
    baseUrl,
    staff,
    async close() {
      await browser.close();
      await stack.close();
    },
  };
}

/**
 * Fills text boxes by their label until the values hold: react-admin may
 * reset a form once while its inputs register, right after navigation.
 */
export async function fillForm(page: Page, fields: Record<string, string>): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    for (const [name, value] of Object.entries(fields)) {
      const input = page.getByRole('textbox', { name, exact: true });
      if ((await input.inputValue()) !== value) await input.fill(value);
    }
    await page.waitForTimeout(200);
    let held = true;
    for (const [name, value] of Object.entries(fields))
      held &&= (await page.getByRole('textbox', { name, exact: true }).inputValue()) === value;
    if (held) return;
    if (Date.now() > deadline) throw new Error(`The form did not keep the values ${JSON.stringify(fields)}`);
  }
}
