import { describe, expect, it } from 'vitest';
import { ksExactPValue, outsideBand } from '../../../../../main/drift/stats/ks-exact';
import { insideShare, stepOne, stepTwo } from '../../../../../main/drift/stats/ks-inside-paths';
import { gcd } from '../../../../../main/drift/stats/ecdf-distances';
import { uniforms } from '../../../../helpers/dataset-files';

describe('insideShare: merge orders counted over half the lattice', () => {
  it('is 1 − the tail summed cell by cell over the whole lattice, within 1e-10 relative wherever p ≥ 1e-3', () => {
    const u = uniforms(2024);
    let compared = 0;
    for (let t = 0; t < 1500; t++) {
      const n1 = 1 + Math.floor(u() ** 2 * 700);
      const n2 = 1 + Math.floor(u() ** 2 * 700);
      if (n1 === n2) continue;
      const h = 1 + Math.floor(u() * (n1 / gcd(n1, n2)) * n2 * 0.3);
      const summed = outsideBand(n1, n2, h, 1e-300).outside;
      if (summed < 1e-3) continue;
      const counted = 1 - insideShare(n1, n2, h);
      expect(Math.abs(counted - summed) / summed, `n1 ${n1}, n2 ${n2}, h ${h}: ${counted} vs ${summed}`).toBeLessThan(1e-10);
      compared++;
    }
    expect(compared).toBeGreaterThan(1000);
  });

  it('counts through the rescaling of long walks: odd and even totals, either sample first, a far-tail case', () => {
    for (const [n1, n2, h] of [[5000, 2000, 208], [4999, 2000, 300_000], [9999, 3000, 2_000_000], [3000, 9999, 300_000]] as const) {
      expect(Math.abs(1 - insideShare(n1, n2, h) - outsideBand(n1, n2, h, 1e-300).outside)).toBeLessThan(1e-12);
    }
  });

  it('keeps the exact p-value within 1e-9 relative where it takes the counted share: lopsided and large samples near its floor', () => {
    let compared = 0;
    for (const [n1, n2] of [[2, 9999], [5, 10_000], [40, 10_000], [3000, 10_000]] as const) {
      const lcm = (n1 / gcd(n1, n2)) * n2;
      for (let k = 1; k < 80; k++) {
        const h = Math.floor((lcm * k) / 80);
        const summed = outsideBand(n1, n2, h, 1e-300).outside;
        if (summed < 1e-4) continue;
        const p = ksExactPValue(n1, n2, h);
        expect(Math.abs(p - summed) / summed, `n1 ${n1}, n2 ${n2}, h ${h}: ${p} vs ${summed}`).toBeLessThan(1e-9);
        compared++;
      }
    }
    // Beyond the sizes ksTwoSample takes exactly, the counted share's rounding would show: the summed tail serves.
    for (let k = 1; k < 12; k++) {
      const h = Math.floor((3_000_000 * k) / 12);
      const summed = outsideBand(3, 1_000_000, h, 1e-300).outside;
      if (summed < 1e-4) continue;
      expect(Math.abs(ksExactPValue(3, 1_000_000, h) - summed) / summed, `h ${h}`).toBeLessThan(1e-9);
      compared++;
    }
    expect(compared).toBeGreaterThan(65);
  });
});

// The walk makes two diagonals per sweep; the counts must be those of two single steps, bit for bit,
// at every kind of edge: each bound of the band staying or moving up by one at either diagonal.
describe('stepTwo: two diagonals in one sweep', () => {
  it('leaves exactly what two single steps leave, on 20 000 random bands and counts', () => {
    const u = uniforms(77);
    let compared = 0;
    for (let t = 0; t < 20_000; t++) {
      const n1 = 2 + Math.floor(u() * 40);
      const lo = Math.floor(u() * (n1 - 1));
      const hi = lo + Math.floor(u() * (n1 - lo - 1));
      const up = () => (u() < 0.5 ? 0 : 1);
      const lo1 = lo + up();
      const hi1 = Math.min(n1, hi + up());
      const lo2 = lo1 + up();
      const hi2 = Math.min(n1, hi1 + up());
      if (lo1 > hi1 || lo2 > hi2) continue;
      const ratio = u();
      const start = new Float64Array(n1 + 2);
      for (let i = lo; i <= hi; i++) start[i + 1] = u() < 0.1 ? 0 : u() * 2 ** Math.floor(u() * 60 - 30);
      const once = Float64Array.from(start);
      stepOne(once, lo, lo1, hi1, ratio);
      stepOne(once, lo1, lo2, hi2, ratio);
      const swept = Float64Array.from(start);
      stepTwo(swept, lo, lo1, hi1, lo2, hi2, ratio);
      const differ = Array.from(once).findIndex((v, i) => !Object.is(v, swept[i]));
      expect(differ, `n1 ${n1}, bands [${lo}, ${hi}] → [${lo1}, ${hi1}] → [${lo2}, ${hi2}]`).toBe(-1);
      compared++;
    }
    expect(compared).toBeGreaterThan(15_000);
  });
});
