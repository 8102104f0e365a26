import type { SessionUser } from '../../src/web/api.js';

/** What a screen gets: the signed-in user. */
export interface ScreenContext {
  user: SessionUser;
}

/** Run when the screen is left (stops its polling, lets go of what it holds). */
export type Cleanup = () => void;

/** A screen draws itself into `main`, and may give back what to do when it is left. */
export type Render = (main: HTMLElement, context: ScreenContext) => Cleanup | void | Promise<Cleanup | void>;
