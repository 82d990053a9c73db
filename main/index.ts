import { startDesktop } from './electron/desktop';

startDesktop();
