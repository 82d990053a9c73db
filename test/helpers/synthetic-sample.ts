/** A sample described in a fixture; built exactly as sample() in test/fixtures/drift/generate.py. */
export interface SampleSpec {
  n: number;
  seed: number;
  kind: 'uniform' | 'sum4' | 'int' | 'constant';
  levels?: number;
  shift?: number;
  scale?: number;
}

/** Integer-only LCG, so Python and JavaScript produce bit-identical values. */
function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
}

export function syntheticSample(spec: SampleSpec): Float64Array {
  const rand = lcg(spec.seed);
  const out = new Float64Array(spec.n);
  for (let i = 0; i < spec.n; i++) {
    let v: number;
    if (spec.kind === 'uniform') v = rand();
    else if (spec.kind === 'sum4') {
      v = rand();
      v = v + rand();
      v = v + rand();
      v = v + rand();
    } else if (spec.kind === 'int') v = Math.floor(rand() * spec.levels!);
    else v = 0;
    out[i] = (spec.shift ?? 0) + (spec.scale ?? 1) * v;
  }
  return out;
}

export function sorted(values: Float64Array): Float64Array {
  return Float64Array.from(values).sort();
}
