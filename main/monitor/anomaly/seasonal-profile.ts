import { median } from 'simple-statistics';

const minuteMs = 60_000;
const dayMinutes = 1440;

export interface SeasonalOptions {
  /** History needed before the profile is used. */
  days: number;
  /** Width of one time-of-day slot. */
  slotMinutes: number;
}

/**
 * The usual value at each time of day: the mean of each time-of-day slot on each of the last
 * `days` days, and per slot the median of those daily means. A daily batch job or a nightly backup
 * then reads as usual, not as an anomaly, once that much history exists. A few kilobytes a series.
 */
export class SeasonalProfile {
  private readonly slots: number;
  private readonly slotMs: number;
  /** One row of `slots` means per day of the ring. */
  private readonly means: Float32Array;
  /** Slot number (since the epoch) each entry of `means` belongs to; 0 = empty. */
  private readonly stamps: Int32Array;
  private readonly usual: Float64Array;
  /** Slot number at which each usual value was computed. */
  private readonly usualAt: Int32Array;
  private firstSlot = -1;
  private currentSlot = -1;
  private sum = 0;
  private count = 0;

  constructor(private readonly options: SeasonalOptions) {
    this.slots = Math.ceil(dayMinutes / options.slotMinutes);
    this.slotMs = options.slotMinutes * minuteMs;
    this.means = new Float32Array(options.days * this.slots);
    this.stamps = new Int32Array(options.days * this.slots);
    this.usual = new Float64Array(this.slots);
    this.usualAt = new Int32Array(this.slots);
  }

  add(at: number, value: number): void {
    const slot = Math.floor(at / this.slotMs);
    if (slot !== this.currentSlot) {
      this.closeSlot();
      if (this.firstSlot < 0) this.firstSlot = slot;
      this.currentSlot = slot;
    }
    this.sum += value;
    this.count++;
  }

  /** Whether a full `days` of history lies behind `at`. */
  ready(at: number): boolean {
    return this.firstSlot >= 0 && Math.floor(at / this.slotMs) - this.firstSlot >= this.options.days * this.slots;
  }

  /** The usual value at `at`'s time of day: its slot's median, so a job that starts on the hour keeps a sharp edge. */
  expected(at: number): number {
    const slot = Math.floor(at / this.slotMs);
    const index = slot % this.slots;
    // A slot's usual value changes once a day at most: recomputed when its day moved on.
    if (this.usualAt[index] !== slot) {
      const values: number[] = [];
      const oldest = slot - this.options.days * this.slots;
      for (let day = 0; day < this.options.days; day++) {
        const i = day * this.slots + index;
        if (this.stamps[i]! > oldest && this.stamps[i]! < slot) values.push(this.means[i]!);
      }
      if (values.length) this.usual[index] = median(values);
      this.usualAt[index] = slot;
    }
    return this.usual[index]!;
  }

  private closeSlot(): void {
    if (this.count === 0) return;
    const day = Math.floor(this.currentSlot / this.slots) % this.options.days;
    const i = day * this.slots + (this.currentSlot % this.slots);
    this.means[i] = this.sum / this.count;
    this.stamps[i] = this.currentSlot;
    this.sum = 0;
    this.count = 0;
  }
}
