/**
 * What Enter does in the composer. On a phone the keyboard's Enter is the only way to start a new
 * line and the send button is under the thumb, so Enter adds a line there; on a desktop Enter sends
 * and Shift+Enter adds a line. Each person may switch it on this device (MySettings); the choice
 * is kept in localStorage, which is erased with everything else when the session ends.
 */
import { createStore } from '../../state/store';

const KEY = 'muster.enterSends';

/** A keyboard event's fields that matter here (a DOM KeyboardEvent fits). */
export interface EnterKeyEvent {
  key: string;
  shiftKey: boolean;
  ctrlKey?: boolean;
  metaKey?: boolean;
  /** An IME (Arabic on some keyboards, CJK) is composing: its Enter confirms a word, it never sends. */
  isComposing?: boolean;
  /** 229: some browsers (Safari) end a composition with this keydown after isComposing is false. */
  keyCode?: number;
}

/** 'send': send now. 'native': let the textarea do its own thing (a new line, or the IME's). */
export function enterAction(e: EnterKeyEvent, enterSends: boolean): 'send' | 'native' {
  if (e.key !== 'Enter' || e.isComposing || e.keyCode === 229) return 'native';
  // Ctrl/Cmd+Enter sends in either mode: a keyboard user attached to a tablet still has a way
  if (e.ctrlKey || e.metaKey) return 'send';
  if (e.shiftKey) return 'native';
  return enterSends ? 'send' : 'native';
}

/** Desktops (a fine pointer that can hover) send on Enter; touch devices do not. */
export function defaultEnterSends(matches: (query: string) => boolean): boolean {
  return !(matches('(pointer: coarse)') || matches('(hover: none)'));
}

function deviceDefault(): boolean {
  if (typeof window === 'undefined' || typeof window.matchMedia !== 'function') return true;
  return defaultEnterSends((q) => window.matchMedia(q).matches);
}

function stored(): boolean | null {
  try {
    const v = localStorage.getItem(KEY);
    return v === '1' ? true : v === '0' ? false : null;
  } catch {
    return null;
  }
}

/** This device's choice, or null when the person never changed it (the device kind decides). */
export const enterSendsChoice = createStore<boolean | null>(stored());

export function effectiveEnterSends(choice: boolean | null): boolean {
  return choice ?? deviceDefault();
}

export function setEnterSends(on: boolean): void {
  try {
    localStorage.setItem(KEY, on ? '1' : '0');
  } catch {
    /* storage disabled: the choice lasts until the page reloads */
  }
  enterSendsChoice.set(on);
}
