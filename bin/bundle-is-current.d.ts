export const root: string;
export const bundle: string;
export function bundleIsCurrent(): boolean;
