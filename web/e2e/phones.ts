// What the chat specs share: a phone-sized browser context, optional screenshots, and the
// conversation view's composer and message rows.
import type { Page } from '@playwright/test';

export type Lang = 'en' | 'ar';
export const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };
const SHOTS = process.env.MUSTER_E2E_SHOTS; // a directory: save phone screenshots there

export async function shot(page: Page, name: string, fullPage = false) {
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage });
}

export const composer = (p: Page) => p.getByTestId('composer-input');
/** The composer's send (or save) button: on a phone Enter starts a new line, the button sends. */
export const sendButton = (p: Page) => p.getByTestId('composer-send');
export const messages = (p: Page) => p.getByTestId('message');
export const messageWith = (p: Page, text: string) => messages(p).filter({ has: p.getByTestId('message-text').filter({ hasText: text }) });
