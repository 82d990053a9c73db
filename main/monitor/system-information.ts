/** systeminformation, loaded on first use: on Linux only the hardware inventory needs it. */
export const systemInformation = async () => (await import('systeminformation')).default;
