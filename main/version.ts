import packageJson from '../package.json' with { type: 'json' };

/** Vigil's version, from package.json. */
export const version: string = packageJson.version;
