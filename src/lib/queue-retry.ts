/** Exponential backoff for a retried queue message, capped at ten minutes (every consumer uses it). */
export const retryDelaySeconds = (attempts: number) => Math.min(600, 2 ** attempts * 5);
