// What the browser scenarios share: a headless Chromium with a throw-away profile, pages whose
// console errors are collected, and a run that prints "ok: ..." or "FAILED: ..." (exit code 1) and
// always closes the browser and removes its profile.
import { chromium } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];

/** Starts Chromium with the shared arguments and extraArgs; CHROMIUM names another binary. */
export async function launch(extraArgs = []) {
  const profile = mkdtempSync(join(tmpdir(), 'channels4j-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: [...ARGS, ...extraArgs],
  });
  const consoleErrors = [];
  return {
    context,
    /** A new page at url, its console errors recorded. */
    async open(url) {
      const page = await context.newPage();
      page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
      await page.goto(url);
      return page;
    },
    /** Throws when a page logged a console error other than a failed resource load. */
    assertNoConsoleErrors() {
      const unexpected = consoleErrors.filter((e) => !e.includes('Failed to load resource'));
      if (unexpected.length > 0) {
        throw new Error('console errors: ' + JSON.stringify(unexpected));
      }
    },
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Runs body(browser), then checks the console; prints ok with what body returns, or FAILED. */
export async function run(browser, body) {
  try {
    const said = await body(browser);
    browser.assertNoConsoleErrors();
    console.log('ok: ' + said);
  } catch (error) {
    console.error('FAILED: ' + (error && error.stack ? error.stack : error));
    process.exitCode = 1;
  } finally {
    await browser.close();
  }
}

/** Types text into the chat input and sends it with the button, or with Enter when byEnter. */
export async function say(page, text, byEnter = false) {
  await page.fill('#chat-message-input', text);
  if (byEnter) {
    await page.press('#chat-message-input', 'Enter');
  } else {
    await page.click('#chat-message-submit');
  }
}

/** Waits until the chat log contains text (followed by a line end when wholeLine). */
export async function waitForLog(page, text, wholeLine = false) {
  await page.waitForFunction(([t, whole]) => document.querySelector('#chat-log').value.includes(whole ? t + '\n' : t),
    [text, wholeLine], { timeout: 10000 });
}

/** speaker says text, then each of readers shows it in its log (options as for say and waitForLog). */
export async function sayAndSee(speaker, text, readers, { byEnter = false, wholeLine = false } = {}) {
  await say(speaker, text, byEnter);
  for (const reader of readers) {
    await waitForLog(reader, text, wholeLine);
  }
}

/** The chat log's text. */
export async function logOf(page) {
  return page.$eval('#chat-log', (e) => e.value);
}
