// Types of debian.mjs (a plain script, run by `npm test` before anything is built).
export function findChromium(): string | undefined;
export function findRedisServer(): string | undefined;
export const HOW_TO_GET_CHROMIUM: string;
export const HOW_TO_GET_REDIS: string;
