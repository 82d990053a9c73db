// Draws the app and tray icons as PNGs (no image tools needed): `node scripts/make-icons.js`.
// The output in resources/ is committed; run again only to change the artwork.
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

function crc32(buffer) {
  let crc = ~0;
  for (const byte of buffer) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return ~crc >>> 0;
}

function chunk(type, data) {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'ascii');
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

/** An RGBA PNG of size×size from pixel(x, y) → [r, g, b, a]. */
function png(size, pixel) {
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) raw.set(pixel(x, y), y * (size * 4 + 1) + 1 + x * 4);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8);
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', header), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

/** A filled disc with a soft edge and a darker ring, in the given colour. */
function disc(size, [r, g, b]) {
  const c = (size - 1) / 2;
  return png(size, (x, y) => {
    const d = Math.hypot(x - c, y - c) / (size / 2);
    const alpha = Math.max(0, Math.min(1, (0.95 - d) * size * 0.5));
    const shade = d > 0.8 ? 0.75 : 1;
    return [Math.round(r * shade), Math.round(g * shade), Math.round(b * shade), Math.round(255 * alpha)];
  });
}

const colours = { ok: [60, 190, 110], warning: [240, 160, 32], critical: [230, 60, 60] };
for (const [name, colour] of Object.entries(colours)) {
  writeFileSync(new URL(`../resources/tray-${name}.png`, import.meta.url), disc(32, colour));
}
writeFileSync(new URL('../resources/icon.png', import.meta.url), disc(512, [79, 163, 255]));
