/**
 * Fractions of positive integers, compared by cross-multiplication: no floats anywhere a vote is
 * counted (integers, never floats; R13).
 */

/** A fraction num/den with integers 0 ≤ num ≤ den, den > 0. */
export interface Fraction {
  readonly num: number;
  readonly den: number;
}

/** Builds a fraction (not reduced; comparisons never need it). */
export function fraction(num: number, den: number): Fraction {
  return { num, den };
}

/** Simple majority (R13): used with the strict `yes > no` guard, so a tie fails. */
export const SIMPLE_MAJORITY: Fraction = fraction(1, 2);
/** Two thirds (configurable, C4). */
export const TWO_THIRDS: Fraction = fraction(2, 3);
/** Three quarters (R14, e.g. §16(2), §78 GenG). */
export const THREE_QUARTERS: Fraction = fraction(3, 4);
/** Nine tenths (R14, §16(3) GenG, §262(1) S.2 UmwG). */
export const NINE_TENTHS: Fraction = fraction(9, 10);

/** True if num and den are integers with 0 ≤ num ≤ den and den > 0. */
export function isValidFraction(f: Fraction): boolean {
  return (
    Number.isSafeInteger(f.num) && Number.isSafeInteger(f.den) && f.den > 0 && f.num >= 0 && f.num <= f.den
  );
}

/** -1, 0 or 1 as `a` is smaller than, equal to or larger than `b`. */
export function compareFractions(a: Fraction, b: Fraction): -1 | 0 | 1 {
  const left = a.num * b.den;
  const right = b.num * a.den;
  return left < right ? -1 : left > right ? 1 : 0;
}

/** The larger of two fractions. */
export function maxFraction(a: Fraction, b: Fraction): Fraction {
  return compareFractions(a, b) >= 0 ? a : b;
}

/** True if `part / whole >= f`, i.e. `den * part >= num * whole`. */
export function reachesShare(part: number, whole: number, f: Fraction): boolean {
  return f.den * part >= f.num * whole;
}
