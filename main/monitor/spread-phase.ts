/**
 * A whole number of seconds in [0, step) picked from a name, the same for it every time: work
 * done once a step for each of thousands of series (storing, scoring) is spread over the step's
 * ticks instead of landing on one of them.
 */
export function spreadPhaseMs(name: string, stepMs: number): number {
  const seconds = Math.floor(stepMs / 1000);
  if (seconds <= 1) return 0;
  let hash = 0x811c9dc5; // FNV-1a
  for (let i = 0; i < name.length; i++) hash = Math.imul(hash ^ name.charCodeAt(i), 0x01000193);
  return ((hash >>> 0) % seconds) * 1000;
}
