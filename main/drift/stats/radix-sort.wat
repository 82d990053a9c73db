;; Sorts doubles ascending, NaN left out, in the order of JavaScript's built-in sort (−0 before 0).
;; The algorithm is explained in sort-float64.ts, which calls this module. `npm run wasm` assembles
;; this file into radix-sort-module.ts.
;;
;; Each double's bit pattern is "flipped" (negatives: every bit; positives: the sign bit) so that
;; unsigned order is numeric order. Memory, in bytes:
;;   [0, 512 Ki)        digit counts of the high-word passes (two of 65 536 or three of 2 048)
;;   [512 Ki, 520 Ki)   digit counts of the low-word passes within a long run (up to 2 048)
;;   [1 Mi, …)          the caller's values, then as much scratch
(module
  (memory (export "memory") 17)

  (global $runCounts i32 (i32.const 524288))
  ;; Runs up to this long are insertion-sorted (it is linear on ordered input); longer ones by the low word.
  (global $shortRun i32 (i32.const 64))

  ;; Sorts the n values at `data` (byte offset) using n more at `scratch`; returns how many are left
  ;; (not NaN), ascending from `data`.
  (func (export "sort") (param $data i32) (param $scratch i32) (param $n i32) (result i32)
    (local $bits i32) (local $buckets i32) (local $passes i32) (local $pass i32) (local $table i32)
    (local $m i32) (local $source i32) (local $target i32) (local $swap i32)
    ;; 16-bit digits (two passes) from 65 536 values on; below, 65 536 buckets would cost more than a
    ;; pass, so three passes of 11 bits.
    (local.set $bits (select (i32.const 16) (i32.const 11) (i32.ge_u (local.get $n) (i32.const 65536))))
    (local.set $passes (select (i32.const 2) (i32.const 3) (i32.eq (local.get $bits) (i32.const 16))))
    (local.set $buckets (i32.shl (i32.const 1) (local.get $bits)))
    (memory.fill (i32.const 0) (i32.const 0) (i32.shl (i32.mul (local.get $passes) (local.get $buckets)) (i32.const 2)))
    (local.set $m (call $dropNaNCounting (local.get $data) (local.get $n) (local.get $bits)))
    (local.set $source (local.get $data))
    (local.set $target (local.get $scratch))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $pass) (local.get $passes)))
        (local.set $table (i32.shl (i32.mul (local.get $pass) (local.get $buckets)) (i32.const 2)))
        ;; a pass is skipped when every value has the same digit
        (if (call $toOffsets (local.get $table) (local.get $buckets) (local.get $m))
          (then
            (call $scatterByHighDigit (local.get $source) (local.get $target) (local.get $m) (local.get $table)
              (i32.mul (local.get $pass) (local.get $bits)) (i32.sub (local.get $buckets) (i32.const 1)))
            (local.set $swap (local.get $source))
            (local.set $source (local.get $target))
            (local.set $target (local.get $swap))))
        (local.set $pass (i32.add (local.get $pass) (i32.const 1)))
        (br $next)))
    (if (i32.ne (local.get $source) (local.get $data))
      (then (memory.copy (local.get $data) (local.get $source) (i32.shl (local.get $m) (i32.const 3)))))
    (call $orderRuns (local.get $data) (local.get $scratch) (local.get $m))
    (local.get $m))

  ;; Moves the values that are not NaN to the front, counting each pass's digit of their flipped
  ;; high words (pass p's counts at p · 2^bits); returns how many there are.
  (func $dropNaNCounting (param $data i32) (param $n i32) (param $bits i32) (result i32)
    (local $i i32) (local $m i32) (local $x i64) (local $high i32) (local $mask i32) (local $buckets i32) (local $at i32)
    (local.set $buckets (i32.shl (i32.const 1) (local.get $bits)))
    (local.set $mask (i32.sub (local.get $buckets) (i32.const 1)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $x (i64.load (i32.add (local.get $data) (i32.shl (local.get $i) (i32.const 3)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        ;; NaN: every exponent bit set and some mantissa bit
        (br_if $next (i64.gt_u (i64.and (local.get $x) (i64.const 0x7fffffffffffffff)) (i64.const 0x7ff0000000000000)))
        ;; a value moves only once a NaN is behind it (most columns: never)
        (if (i32.ne (local.get $m) (i32.sub (local.get $i) (i32.const 1)))
          (then (i64.store (i32.add (local.get $data) (i32.shl (local.get $m) (i32.const 3))) (local.get $x))))
        (local.set $m (i32.add (local.get $m) (i32.const 1)))
        (local.set $high (i32.wrap_i64 (i64.shr_u
          (i64.xor (local.get $x) (i64.or (i64.shr_s (local.get $x) (i64.const 63)) (i64.const 0x8000000000000000)))
          (i64.const 32))))
        (local.set $at (i32.shl (i32.and (local.get $high) (local.get $mask)) (i32.const 2)))
        (i32.store (local.get $at) (i32.add (i32.load (local.get $at)) (i32.const 1)))
        (local.set $at (i32.shl (i32.add (local.get $buckets)
          (i32.and (i32.shr_u (local.get $high) (local.get $bits)) (local.get $mask))) (i32.const 2)))
        (i32.store (local.get $at) (i32.add (i32.load (local.get $at)) (i32.const 1)))
        (if (i32.lt_u (local.get $bits) (i32.const 16))
          (then
            (local.set $at (i32.shl (i32.add (i32.shl (local.get $buckets) (i32.const 1))
              (i32.shr_u (local.get $high) (i32.shl (local.get $bits) (i32.const 1)))) (i32.const 2)))
            (i32.store (local.get $at) (i32.add (i32.load (local.get $at)) (i32.const 1)))))
        (br $next)))
    (local.get $m))

  ;; Turns the counts at `table` into starting offsets; 0 (and the counts left as they are) when one
  ;; digit holds all m values.
  (func $toOffsets (param $table i32) (param $size i32) (param $m i32) (result i32)
    (local $b i32) (local $c i32) (local $sum i32) (local $at i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $b) (local.get $size)))
        (local.set $at (i32.add (local.get $table) (i32.shl (local.get $b) (i32.const 2))))
        (local.set $c (i32.load (local.get $at)))
        (if (i32.eq (local.get $c) (local.get $m)) (then (return (i32.const 0))))
        (i32.store (local.get $at) (local.get $sum))
        (local.set $sum (i32.add (local.get $sum) (local.get $c)))
        (local.set $b (i32.add (local.get $b) (i32.const 1)))
        (br $next)))
    (i32.const 1))

  ;; One pass: each value, whole, to the next slot of its flipped high word's digit at `shift`.
  (func $scatterByHighDigit (param $source i32) (param $target i32) (param $m i32) (param $table i32) (param $shift i32) (param $mask i32)
    (local $i i32) (local $x i64) (local $slot i32) (local $at i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $m)))
        (local.set $x (i64.load (i32.add (local.get $source) (i32.shl (local.get $i) (i32.const 3)))))
        (local.set $slot (i32.add (local.get $table) (i32.shl
          (i32.and (i32.shr_u (i32.wrap_i64 (i64.shr_u
            (i64.xor (local.get $x) (i64.or (i64.shr_s (local.get $x) (i64.const 63)) (i64.const 0x8000000000000000)))
            (i64.const 32))) (local.get $shift)) (local.get $mask))
          (i32.const 2))))
        (local.set $at (i32.load (local.get $slot)))
        (i32.store (local.get $slot) (i32.add (local.get $at) (i32.const 1)))
        (i64.store (i32.add (local.get $target) (i32.shl (local.get $at) (i32.const 3))) (local.get $x))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next))))

  ;; Orders each run of values that share their high word (mostly ones, pairs and triples).
  (func $orderRuns (param $data i32) (param $scratch i32) (param $m i32)
    (local $start i32) (local $i i32) (local $high i32)
    (if (i32.eqz (local.get $m)) (then (return)))
    (local.set $high (i32.load offset=4 (local.get $data)))
    (local.set $i (i32.const 1))
    (block $done
      (loop $next
        (if (i32.lt_u (local.get $i) (local.get $m))
          (then
            (if (i32.eq (i32.load offset=4 (i32.add (local.get $data) (i32.shl (local.get $i) (i32.const 3)))) (local.get $high))
              (then
                (local.set $i (i32.add (local.get $i) (i32.const 1)))
                (br $next)))))
        (if (i32.gt_u (i32.sub (local.get $i) (local.get $start)) (global.get $shortRun))
          (then (call $orderLongRun (local.get $data) (local.get $scratch) (local.get $start) (local.get $i)))
          (else (if (i32.gt_u (i32.sub (local.get $i) (local.get $start)) (i32.const 1))
            (then (call $insertionSort (local.get $data) (local.get $start) (local.get $i))))))
        (br_if $done (i32.ge_u (local.get $i) (local.get $m)))
        (local.set $start (local.get $i))
        (local.set $high (i32.load offset=4 (i32.add (local.get $data) (i32.shl (local.get $i) (i32.const 3)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next))))

  (func $insertionSort (param $data i32) (param $from i32) (param $to i32)
    (local $i i32) (local $j i32) (local $v f64) (local $w f64)
    (local.set $i (i32.add (local.get $from) (i32.const 1)))
    (block $done
      (loop $outer
        (br_if $done (i32.ge_u (local.get $i) (local.get $to)))
        (local.set $v (f64.load (i32.add (local.get $data) (i32.shl (local.get $i) (i32.const 3)))))
        (local.set $j (local.get $i))
        (block $placed
          (loop $inner
            (br_if $placed (i32.le_u (local.get $j) (local.get $from)))
            (local.set $w (f64.load (i32.add (local.get $data) (i32.shl (i32.sub (local.get $j) (i32.const 1)) (i32.const 3)))))
            (br_if $placed (i32.eqz (f64.gt (local.get $w) (local.get $v))))
            (f64.store (i32.add (local.get $data) (i32.shl (local.get $j) (i32.const 3))) (local.get $w))
            (local.set $j (i32.sub (local.get $j) (i32.const 1)))
            (br $inner)))
        (f64.store (i32.add (local.get $data) (i32.shl (local.get $j) (i32.const 3))) (local.get $v))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $outer))))

  ;; A long run shares its high word, so its sign: ordered by the flipped low word, in passes of 8-bit
  ;; digits (under 2 048 values) or 11-bit ones, whole values moved through `scratch`. A run already
  ;; ascending (ties, often) is left as it is.
  (func $orderLongRun (param $data i32) (param $scratch i32) (param $from i32) (param $to i32)
    (local $n i32) (local $i i32) (local $bits i32) (local $size i32) (local $shift i32)
    (local $start i32) (local $source i32) (local $target i32) (local $swap i32) (local $x i64) (local $slot i32) (local $at i32)
    (local.set $n (i32.sub (local.get $to) (local.get $from)))
    (local.set $start (i32.add (local.get $data) (i32.shl (local.get $from) (i32.const 3))))
    (local.set $i (i32.const 1))
    (block $checked
      (loop $check
        (br_if $checked (i32.ge_u (local.get $i) (local.get $n)))
        (br_if $checked (f64.gt
          (f64.load (i32.add (local.get $start) (i32.shl (i32.sub (local.get $i) (i32.const 1)) (i32.const 3))))
          (f64.load (i32.add (local.get $start) (i32.shl (local.get $i) (i32.const 3))))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $check)))
    (if (i32.ge_u (local.get $i) (local.get $n)) (then (return)))
    (local.set $bits (select (i32.const 8) (i32.const 11) (i32.lt_u (local.get $n) (i32.const 2048))))
    (local.set $size (i32.shl (i32.const 1) (local.get $bits)))
    (local.set $source (local.get $start))
    (local.set $target (local.get $scratch))
    (block $done
      (loop $pass
        (br_if $done (i32.ge_u (local.get $shift) (i32.const 32)))
        (memory.fill (global.get $runCounts) (i32.const 0) (i32.shl (local.get $size) (i32.const 2)))
        (local.set $i (i32.const 0))
        (block $counted
          (loop $count
            (br_if $counted (i32.ge_u (local.get $i) (local.get $n)))
            (local.set $x (i64.load (i32.add (local.get $source) (i32.shl (local.get $i) (i32.const 3)))))
            (local.set $at (i32.add (global.get $runCounts) (i32.shl (i32.and (i32.shr_u (i32.wrap_i64
              (i64.xor (local.get $x) (i64.or (i64.shr_s (local.get $x) (i64.const 63)) (i64.const 0x8000000000000000))))
              (local.get $shift)) (i32.sub (local.get $size) (i32.const 1))) (i32.const 2))))
            (i32.store (local.get $at) (i32.add (i32.load (local.get $at)) (i32.const 1)))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $count)))
        (if (call $toOffsets (global.get $runCounts) (local.get $size) (local.get $n))
          (then
            (local.set $i (i32.const 0))
            (block $moved
              (loop $move
                (br_if $moved (i32.ge_u (local.get $i) (local.get $n)))
                (local.set $x (i64.load (i32.add (local.get $source) (i32.shl (local.get $i) (i32.const 3)))))
                (local.set $slot (i32.add (global.get $runCounts) (i32.shl (i32.and (i32.shr_u (i32.wrap_i64
                  (i64.xor (local.get $x) (i64.or (i64.shr_s (local.get $x) (i64.const 63)) (i64.const 0x8000000000000000))))
                  (local.get $shift)) (i32.sub (local.get $size) (i32.const 1))) (i32.const 2))))
                (local.set $at (i32.load (local.get $slot)))
                (i32.store (local.get $slot) (i32.add (local.get $at) (i32.const 1)))
                (i64.store (i32.add (local.get $target) (i32.shl (local.get $at) (i32.const 3))) (local.get $x))
                (local.set $i (i32.add (local.get $i) (i32.const 1)))
                (br $move)))
            (local.set $swap (local.get $source))
            (local.set $source (local.get $target))
            (local.set $target (local.get $swap))))
        (local.set $shift (i32.add (local.get $shift) (local.get $bits)))
        (br $pass)))
    (if (i32.ne (local.get $source) (local.get $start))
      (then (memory.copy (local.get $start) (local.get $source) (i32.shl (local.get $n) (i32.const 3))))))
)
