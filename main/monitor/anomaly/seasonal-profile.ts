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
 * The usual value at each time of day, learned from minute means of the last `days` days: the
 * median of each slot across days, taken slot by slot. A daily batch job or a
 * nightly backup then reads as usual, not as an anomaly, once that much history exists.
 */
export class SeasonalProfile {
  private readonly minutes: number;
  private readonly means: Float32Array;
  /** Minute number (since the epoch) each entry of `means` belongs to; 0 = empty. */
  private readonly stamps: Int32Array;
  private readonly slots: number;
  private readonly slotValue: Float64Array;
  private readonly slotComputedAt: Float64Array;
  private firstMinute = -1;
  private lastMinute = -1;
  private minuteSum = 0;
  private minuteCount = 0;

  constructor(private readonly options: SeasonalOptions) {
    this.minutes = options.days * dayMinutes;
    this.means = new Float32Array(this.minutes);
    this.stamps = new Int32Array(this.minutes);
    this.slots = Math.ceil(dayMinutes / options.slotMinutes);
    this.slotValue = new Float64Array(this.slots);
    this.slotComputedAt = new Float64Array(this.slots).fill(-Infinity);
  }

  add(at: number, value: number): void {
    const minute = Math.floor(at / minuteMs);
    if (minute !== this.lastMinute) {
      this.closeMinute();
      if (this.firstMinute < 0) this.firstMinute = minute;
      this.lastMinute = minute;
    }
    this.minuteSum += value;
    this.minuteCount++;
  }

  /** Whether a full `days` of history lies behind `at`. */
  ready(at: number): boolean {
    return this.firstMinute >= 0 && Math.floor(at / minuteMs) - this.firstMinute >= this.minutes;
  }

  /**
   * The usual value at `at`'s time of day: its slot's median, not interpolated, so that a job
   * that starts on the hour has a sharp edge in the profile as it has in the data.
   */
  expected(at: number): number {
    const slotMs = this.options.slotMinutes * minuteMs;
    return this.slot(Math.floor((at % (dayMinutes * minuteMs)) / slotMs), at);
  }

  private slot(index: number, at: number): number {
    // A slot's median changes slowly: recomputed at most once per slot width.
    if (at - this.slotComputedAt[index]! < this.options.slotMinutes * minuteMs) return this.slotValue[index]!;
    const values: number[] = [];
    const oldest = Math.floor(at / minuteMs) - this.minutes;
    for (let day = 0; day < this.options.days; day++) {
      for (let m = 0; m < this.options.slotMinutes; m++) {
        const i = day * dayMinutes + index * this.options.slotMinutes + m;
        if (i < this.minutes && this.stamps[i]! > oldest) values.push(this.means[i]!);
      }
    }
    this.slotValue[index] = values.length ? median(values) : this.slotValue[index]!;
    this.slotComputedAt[index] = at;
    return this.slotValue[index]!;
  }

  private closeMinute(): void {
    if (this.minuteCount === 0) return;
    // Entries are laid out by minute of day, one row per day of the ring.
    const minuteOfDay = this.lastMinute % dayMinutes;
    const day = Math.floor(this.lastMinute / dayMinutes) % this.options.days;
    const i = day * dayMinutes + minuteOfDay;
    this.means[i] = this.minuteSum / this.minuteCount;
    this.stamps[i] = this.lastMinute;
    this.minuteSum = 0;
    this.minuteCount = 0;
  }
}
