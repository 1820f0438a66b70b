import { defineConfig, devices } from '@playwright/test';

/**
 * End-to-end tests drive the built web app (web/dist) served by the real `muster` binary in
 * Debian's Chromium. Each test starts its own server on a free port with a fresh data directory
 * (see e2e/fixtures.ts). Set MUSTER_BIN to use a binary other than ../build/server/muster.
 */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export default defineConfig({
  testDir: './e2e',
  testMatch: /.*\.spec\.ts$/,
  globalSetup: './e2e/global-setup.ts',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  // Tests take 3–25 s (the whole suite 12 min on two cores); pages left open by earlier tests once
  // made the later ones run past 60 s. A hang still fails, at twice the slowest seen on a busy machine.
  timeout: 120_000,
  expect: { timeout: 10_000 },
  // The JSON report feeds e2e/run.mjs, which prints each failure's error last, where CI's
  // tail shows it (the list reporter ends with attachments instead).
  reporter: [['list'], ['json', { outputFile: 'test-results/report.json' }]],
  outputDir: './test-results',
  use: {
    ...devices['Desktop Chrome'],
    headless: true,
    launchOptions: { executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', args: CHROMIUM_ARGS },
    // A trace records every step of every test, in the browser's process too; CI only keeps the
    // log, so none by default (`npm run e2e -- --trace retain-on-failure` to record them).
    trace: 'off',
    screenshot: 'only-on-failure',
  },
  projects: [{ name: 'chromium' }],
});
