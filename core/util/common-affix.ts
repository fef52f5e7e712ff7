/**
 * The shared prefix and suffix of two sequences (strings or arrays): `a[0..start)` equals
 * `b[0..start)`, and `a[endA..]` equals `b[endB..]`. Diffing and edit distances need only compare
 * what lies between.
 */
export function commonAffix<T>(a: ArrayLike<T>, b: ArrayLike<T>): { start: number; endA: number; endB: number } {
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  return { start, endA, endB };
}
